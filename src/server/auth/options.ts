import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { env } from "@/env";
import { safeRedirectPath } from "@/lib/safe-redirect";
import { clientAddress } from "@/lib/sign-in-throttle";
import { organizationSwitch } from "@/server/members/switch-organization";
import { revokeSessions, signInWithPassword } from "./sign-in";

function authSecret(): string | undefined {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  if (env.NODE_ENV === "production" && process.env.NEXT_PHASE !== "phase-production-build") {
    throw new Error("AUTH_SECRET must be set in production (32+ random characters).");
  }
  return undefined;
}

/** The error a locked sign-in answers with (next-auth passes it to the client as `error`): `SignInLocked:<ISO time>`. */
export const SIGN_IN_LOCKED = "SignInLocked";
/** The error a right password answers with when the user's organisation signs in with SSO only. */
export const SSO_REQUIRED = "SsoRequired";

function headerReader(headers: Record<string, unknown> | undefined): { get(name: string): string | null } {
  return {
    get(name) {
      const value = headers?.[name.toLowerCase()];
      return typeof value === "string" ? value : Array.isArray(value) && typeof value[0] === "string" ? value.join(",") : null;
    },
  };
}

export const authOptions: NextAuthOptions = {
  secret: authSecret(),
  session: { strategy: "jwt", maxAge: 8 * 60 * 60 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(raw, request) {
        const result = await signInWithPassword({
          email: raw?.email,
          password: raw?.password,
          address: clientAddress(headerReader(request.headers)),
        });
        if (result.ok) return result.user;
        if (result.reason === "locked") throw new Error(`${SIGN_IN_LOCKED}:${result.until.toISOString()}`);
        if (result.reason === "sso_required") throw new Error(SSO_REQUIRED);
        return null;
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, trigger, session }) {
      if (user) {
        token.sub = user.id;
        token.sv = user.sessionVersion;
        token.access = user.access;
        delete token.org;
      }
      // The header's organisation switcher: only to an organisation the user is an active member of.
      if (trigger === "update" && token.sub && !user) {
        const next = await organizationSwitch(token.sub, (session as { organizationId?: unknown } | undefined)?.organizationId);
        if (next) {
          token.org = next.organizationId;
          token.access = next.access;
        }
      }
      return token;
    },
    session({ session, token }) {
      if (session.user && token.sub) {
        session.user.id = token.sub;
        session.user.sessionVersion = typeof token.sv === "number" ? token.sv : -1;
        session.user.access = typeof token.access === "string" ? token.access : "";
        if (typeof token.org === "string") session.user.organizationId = token.org;
      }
      return session;
    },
    // next-auth's own redirects (sign-out, error pages) stay on this site, by the same rule as the login page.
    redirect({ url, baseUrl }) {
      return `${baseUrl}${safeRedirectPath(url, { origin: baseUrl, fallback: "/" })}`;
    },
  },
  events: {
    // Sign-out ends the session server-side too: a copy of the cookie is worth nothing afterwards. Only a
    // current token bumps the version (a stale copy cannot sign the user out of their newer sessions).
    async signOut({ token }) {
      if (token.sub && typeof token.sv === "number") await revokeSessions(token.sub, token.sv);
    },
  },
};
