import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { auditIpFrom } from "@/server/audit/request-context";
import { sameOriginOnly } from "@/server/http/origin";
import { authOptionsForRequest } from "@/server/sso/auth-options-for-request";

type Context = { params: Promise<{ nextauth: string[] }> };
type RouteHandler = (request: NextRequest, context: Context, options: Awaited<ReturnType<typeof authOptionsForRequest>>) => Promise<Response>;

// The options are built per request: an organisation's SSO (OIDC) provider joins the password provider when the
// request signs in or comes back through `sso-<organizationId>` (src/server/sso/auth-options-for-request.ts).
async function handler(request: Request, context: Context): Promise<Response> {
  const { nextauth } = await context.params;
  const options = await authOptionsForRequest(nextauth[1], auditIpFrom(request.headers));
  return (NextAuth as unknown as RouteHandler)(request as NextRequest, context, options);
}

// Sign-in and sign-out posts come from our own pages only (next-auth's CSRF token is the second lock).
const post = sameOriginOnly(handler);

export { handler as GET, post as POST };
