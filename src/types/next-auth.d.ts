import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface Session {
    /** `sessionVersion` and `access` come from the token: src/server/auth/session.ts compares them with the database. */
    user: { id: string; sessionVersion: number; access: string; organizationId?: string } & DefaultSession["user"];
  }
  interface User {
    sessionVersion?: number;
    access?: string;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    /** User.sessionVersion when the token was issued. */
    sv?: number;
    /** accessStamp() of the membership when the token was issued. */
    access?: string;
    /** The organisation the user switched to (src/server/members/switch-organization.ts); absent = the oldest membership. */
    org?: string;
  }
}
