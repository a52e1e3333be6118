import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/options";
import { sameOriginOnly } from "@/server/http/origin";

const handler = NextAuth(authOptions) as (request: Request, context: { params: Promise<{ nextauth: string[] }> }) => Promise<Response>;

// Sign-in and sign-out posts come from our own pages only (next-auth's CSRF token is the second lock).
const post = sameOriginOnly(handler);

export { handler as GET, post as POST };
