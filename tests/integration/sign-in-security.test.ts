/**
 * Sign-in throttling (per account and per address, state in the database) and revocable sessions, through the
 * real next-auth handler with our options (the same code the /api/auth route runs) and a real PostgreSQL.
 */
import { randomUUID } from "node:crypto";
import type { Session } from "next-auth";
import NextAuth from "next-auth";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCOUNT_POLICY, ADDRESS_POLICY } from "@/lib/sign-in-throttle";
import { authOptions, SIGN_IN_LOCKED } from "@/server/auth/options";
import { hashPassword } from "@/server/auth/password";
import { viewerForSession } from "@/server/auth/session";
import { signInWithPassword } from "@/server/auth/sign-in";
import { db } from "@/server/db";
import { assignScope } from "@/server/org/assign-scope";
import { createOrganization } from "./support/fixtures";

const PASSWORD = "correct-horse-密码-2026";
let passwordHash: string;
let organizationId: string;

beforeAll(async () => {
  process.env.NEXTAUTH_URL = "http://localhost:3000";
  passwordHash = await hashPassword(PASSWORD);
  organizationId = (await createOrganization("Sign-in Security Bank")).id;
});

async function newUser(role: "OWNER" | "ADMIN" | "MANAGER" | "VIEWER" = "ADMIN") {
  const user = await db.user.create({ data: { email: `signin-${randomUUID()}@example.com`, name: "Sign-in", passwordHash, locale: "en" } });
  const membership = await db.membership.create({ data: { organizationId, userId: user.id, role } });
  return { user, membership };
}

let addressSeq = 0;
/** A fresh client address per test, so one test's failures do not lock another's address. */
function newAddress(): string {
  addressSeq += 1;
  return `198.51.100.${addressSeq}`;
}

/** Moves every throttle row's clock back, as if `ms` had passed. */
async function letTimePass(ms: number): Promise<void> {
  await db.$executeRaw`UPDATE "SignInThrottle" SET "lastFailureAt" = "lastFailureAt" - make_interval(secs => ${ms / 1000})`;
}

describe("sign-in throttling", () => {
  it("200 wrong passwords: 5 are checked, the rest are refused as locked, and then the right password is refused until the lock ends", async () => {
    const { user } = await newUser();
    const address = newAddress();
    const outcomes: string[] = [];
    for (let i = 0; i < 200; i += 1) {
      const result = await signInWithPassword({ email: user.email, password: `wrong-${i}`, address });
      outcomes.push(result.ok ? "ok" : result.reason);
    }
    expect(outcomes.slice(0, ACCOUNT_POLICY.free - 1)).toEqual(Array(ACCOUNT_POLICY.free - 1).fill("invalid"));
    // The 5th failure already answers with the lock, so the person knows when to try again.
    expect(outcomes.slice(ACCOUNT_POLICY.free - 1)).toEqual(Array(200 - ACCOUNT_POLICY.free + 1).fill("locked"));

    const refused = await signInWithPassword({ email: user.email.toUpperCase(), password: PASSWORD, address: newAddress() });
    expect(refused).toMatchObject({ ok: false, reason: "locked" });
    const until = (refused as { until: Date }).until.getTime();
    expect(until).toBeGreaterThan(Date.now() + 20_000);
    expect(until).toBeLessThanOrEqual(Date.now() + 31_000);

    // Recorded: the 5 checked failures and every refused attempt, with the address.
    const attempts = await db.signInAttempt.groupBy({ by: ["outcome"], where: { userId: user.id }, _count: true });
    expect(Object.fromEntries(attempts.map((a) => [a.outcome, a._count]))).toEqual({ wrong_password: ACCOUNT_POLICY.free, locked: 196 });
    expect(await db.signInAttempt.count({ where: { userId: user.id, ip: address } })).toBe(200);

    // After the wait, one more try is allowed; a wrong one doubles the wait.
    await letTimePass(31_000);
    const again = await signInWithPassword({ email: user.email, password: "still-wrong", address });
    expect(again).toMatchObject({ ok: false, reason: "locked" });
    const doubled = (again as { until: Date }).until.getTime() - Date.now();
    expect(doubled).toBeGreaterThan(50_000);
    expect(doubled).toBeLessThanOrEqual(61_000);

    await letTimePass(61_000);
    const ok = await signInWithPassword({ email: user.email, password: PASSWORD, address });
    expect(ok).toMatchObject({ ok: true, user: { id: user.id } });
    // The account starts afresh after a success.
    const next = await signInWithPassword({ email: user.email, password: "typo", address });
    expect(next).toEqual({ ok: false, reason: "invalid" });
  });

  it("an unknown email gets exactly the same answers, and takes about as long as a wrong password", async () => {
    const { user } = await newUser();
    const unknown = `nobody-${randomUUID()}@example.com`;
    const sequence = async (email: string) => {
      const address = newAddress();
      const results: string[] = [];
      for (let i = 0; i < ACCOUNT_POLICY.free + 2; i += 1) {
        const result = await signInWithPassword({ email, password: `guess-${i}`, address });
        results.push(result.ok ? "ok" : result.reason);
      }
      return results;
    };
    expect(await sequence(unknown)).toEqual(await sequence(user.email));
    expect(await db.signInAttempt.count({ where: { email: unknown, outcome: "unknown_account", userId: null } })).toBe(ACCOUNT_POLICY.free);

    const timed = async (email: string) => {
      const start = performance.now();
      await signInWithPassword({ email, password: "wrong", address: newAddress() });
      return performance.now() - start;
    };
    const median = (values: number[]) => values.sort((a, b) => a - b)[1] ?? 0;
    const known: number[] = [];
    const missing: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const fresh = await newUser();
      known.push(await timed(fresh.user.email));
      missing.push(await timed(`nobody-${randomUUID()}@example.com`));
    }
    // Both run one scrypt comparison; only a gross difference (no hashing at all) would show here.
    expect(median(missing) / median(known)).toBeGreaterThan(0.33);
    expect(median(missing) / median(known)).toBeLessThan(3);
  });

  it("one address spraying many accounts is locked after its free failures; other addresses are not", async () => {
    const address = newAddress();
    for (let i = 0; i < ADDRESS_POLICY.free; i += 1) {
      const result = await signInWithPassword({ email: `spray-${i}-${randomUUID()}@example.com`, password: "123456", address });
      expect(result.ok).toBe(false);
    }
    const { user } = await newUser();
    const blocked = await signInWithPassword({ email: user.email, password: PASSWORD, address });
    expect(blocked).toMatchObject({ ok: false, reason: "locked" });
    expect(await signInWithPassword({ email: user.email, password: PASSWORD, address: newAddress() })).toMatchObject({ ok: true });
    // IPv6: one /64 is one address.
    const v6 = `2001:db8:${addressSeq}:1::`;
    for (let i = 0; i < ADDRESS_POLICY.free; i += 1) {
      await signInWithPassword({ email: `v6-${i}-${randomUUID()}@example.com`, password: "x", address: `${v6}${(i + 1).toString(16)}` });
    }
    expect(await signInWithPassword({ email: user.email, password: PASSWORD, address: `${v6}ffff` })).toMatchObject({ ok: false, reason: "locked" });
    // 62 scrypt comparisons: minutes on a busy 2-core machine.
  }, 180_000);

  it("attempts refused by a locked account do not count against the address", async () => {
    const { user } = await newUser();
    const address = newAddress();
    for (let i = 0; i < 60; i += 1) await signInWithPassword({ email: user.email, password: "wrong", address });
    const other = await newUser();
    expect(await signInWithPassword({ email: other.user.email, password: PASSWORD, address })).toMatchObject({ ok: true });
  });

  it("a burst of parallel guesses cannot check more passwords than the free ones (several app processes share the count)", async () => {
    const { user } = await newUser();
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) => signInWithPassword({ email: user.email, password: `parallel-${i}`, address: newAddress() })),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(await db.signInAttempt.count({ where: { userId: user.id, outcome: "wrong_password" } })).toBe(ACCOUNT_POLICY.free);
    expect(await db.signInAttempt.count({ where: { userId: user.id, outcome: "locked" } })).toBe(25 - ACCOUNT_POLICY.free);
  });

  it("a deactivated user cannot sign in, with the same answer as a wrong password", async () => {
    const { user } = await newUser();
    await db.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    expect(await signInWithPassword({ email: user.email, password: PASSWORD, address: newAddress() })).toEqual({ ok: false, reason: "invalid" });
    expect(await db.signInAttempt.count({ where: { userId: user.id, outcome: "deactivated" } })).toBe(1);
  });

  it("a user whose every membership was deactivated is refused the same way (not signed in to be bounced back)", async () => {
    const { user, membership } = await newUser();
    await db.membership.update({ where: { organizationId_id: { organizationId, id: membership.id } }, data: { deactivatedAt: new Date() } });
    expect(await signInWithPassword({ email: user.email, password: PASSWORD, address: newAddress() })).toEqual({ ok: false, reason: "invalid" });
    expect(await db.signInAttempt.count({ where: { userId: user.id, outcome: "deactivated" } })).toBe(1);
    await db.membership.update({ where: { organizationId_id: { organizationId, id: membership.id } }, data: { deactivatedAt: null } });
    expect(await signInWithPassword({ email: user.email, password: PASSWORD, address: newAddress() })).toMatchObject({ ok: true });
  });
});

type HandlerResult = { status: number; body: unknown; redirect: string | undefined };

/**
 * A tiny cookie jar around next-auth's own handler (the code behind /api/auth/*; its Pages-API entry point,
 * which needs no Next.js request context) with our options.
 */
class Browser {
  readonly cookies = new Map<string, string>();

  async call(action: string, method: "GET" | "POST", body?: Record<string, string>, providerId?: string): Promise<HandlerResult> {
    const headers: Record<string, string | string[]> = {};
    const result: HandlerResult = { status: 200, body: undefined, redirect: undefined };
    const res = {
      status(code: number) {
        result.status = code;
        return res;
      },
      getHeader: (name: string) => headers[name.toLowerCase()],
      setHeader(name: string, value: string | string[]) {
        headers[name.toLowerCase()] = value;
        if (name.toLowerCase() === "location") result.redirect = String(value);
        return res;
      },
      json(value: unknown) {
        result.body = value;
        if (value && typeof value === "object" && "url" in value) result.redirect = String((value as { url: unknown }).url);
      },
      send(value: unknown) {
        result.body = typeof value === "string" && value.startsWith("{") ? (JSON.parse(value) as unknown) : value;
      },
      end: () => undefined,
    };
    const req = {
      query: { nextauth: providerId ? [action, providerId] : [action] },
      body,
      cookies: Object.fromEntries(this.cookies),
      headers: { host: "localhost:3000", "x-forwarded-for": "192.0.2.44", "content-type": "application/x-www-form-urlencoded" },
      method,
    };
    await (NextAuth as unknown as (req: unknown, res: unknown, options: unknown) => Promise<void>)(req, res, authOptions);
    const setCookie = headers["set-cookie"];
    for (const line of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
      const pair = line.split(";")[0] ?? "";
      const name = pair.slice(0, pair.indexOf("="));
      const value = decodeURIComponent(pair.slice(pair.indexOf("=") + 1));
      if (value === "" || /max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return result;
  }

  async signIn(email: string, password: string) {
    const csrf = await this.call("csrf", "GET");
    const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
    return this.call("callback", "POST", { email, password, csrfToken, json: "true" }, "credentials");
  }

  async signOut() {
    const csrf = await this.call("csrf", "GET");
    return this.call("signout", "POST", { csrfToken: (csrf.body as { csrfToken: string }).csrfToken, json: "true" });
  }

  async session(): Promise<Session | null> {
    const response = await this.call("session", "GET");
    const body = (response.body ?? {}) as Session | Record<string, never>;
    return "user" in body ? (body as Session) : null;
  }

  copy(): Browser {
    const other = new Browser();
    for (const [name, value] of this.cookies) other.cookies.set(name, value);
    return other;
  }
}

describe("revocable sessions", () => {
  it("a copied session cookie is refused after sign-out, while a new sign-in works", async () => {
    const { user } = await newUser("MANAGER");
    const browser = new Browser();
    await browser.signIn(user.email, PASSWORD);
    expect(browser.cookies.has("next-auth.session-token")).toBe(true);
    const stolen = browser.copy();
    expect((await viewerForSession(await stolen.session()))?.userId).toBe(user.id);

    await browser.signOut();
    expect(browser.cookies.has("next-auth.session-token")).toBe(false);
    // next-auth alone still accepts the copied token (it is a valid JWT for 8 h) …
    const stale = await stolen.session();
    expect(stale?.user.id).toBe(user.id);
    // … but the app refuses it on every request.
    expect(await viewerForSession(stale)).toBeNull();
    // A stale copy cannot sign the user out of their next session either.
    const again = new Browser();
    await again.signIn(user.email, PASSWORD);
    await stolen.signOut();
    expect((await viewerForSession(await again.session()))?.userId).toBe(user.id);
  });

  it("a session is refused after the member's unit scope or role changes, and after deactivation", async () => {
    const { user, membership } = await newUser("VIEWER");
    const unit = await db.orgUnit.create({ data: { organizationId, code: `U-${randomUUID().slice(0, 8)}`, name: "华东", kind: "REGION" } });

    const scoped = new Browser();
    await scoped.signIn(user.email, PASSWORD);
    expect(await viewerForSession(await scoped.session())).not.toBeNull();
    await assignScope({ actor: { organizationId, role: "ADMIN" }, input: { membershipId: membership.id, scopeUnitId: unit.id } });
    expect(await viewerForSession(await scoped.session())).toBeNull();

    const promoted = new Browser();
    await promoted.signIn(user.email, PASSWORD);
    expect((await viewerForSession(await promoted.session()))?.role).toBe("VIEWER");
    await db.membership.update({
      where: { organizationId_id: { organizationId, id: membership.id } },
      data: { role: "MANAGER" },
    });
    expect(await viewerForSession(await promoted.session())).toBeNull();

    const current = new Browser();
    await current.signIn(user.email, PASSWORD);
    expect((await viewerForSession(await current.session()))?.role).toBe("MANAGER");
    await db.user.update({ where: { id: user.id }, data: { deactivatedAt: new Date() } });
    expect(await viewerForSession(await current.session())).toBeNull();
  });

  it("a token without a session version (issued before this change) is refused", async () => {
    const { user } = await newUser();
    const browser = new Browser();
    await browser.signIn(user.email, PASSWORD);
    const session = await browser.session();
    expect(session).not.toBeNull();
    expect(await viewerForSession({ ...session!, user: { ...session!.user, sessionVersion: -1 } })).toBeNull();
  });

  it("a locked sign-in answers next-auth's client with SignInLocked:<time>", async () => {
    const { user } = await newUser();
    const browser = new Browser();
    let last: Awaited<ReturnType<Browser["signIn"]>> | undefined;
    for (let i = 0; i < ACCOUNT_POLICY.free; i += 1) last = await browser.signIn(user.email, `wrong-${i}`);
    expect(last?.status).toBe(401);
    const error = new URL(String(last?.redirect)).searchParams.get("error") ?? "";
    expect(error).toMatch(new RegExp(`^${SIGN_IN_LOCKED}:\\d{4}-\\d\\d-\\d\\dT`));
    expect(new Date(error.slice(SIGN_IN_LOCKED.length + 1)).getTime()).toBeGreaterThan(Date.now());
    const right = await browser.signIn(user.email, PASSWORD);
    expect(new URL(String(right.redirect)).searchParams.get("error")).toMatch(new RegExp(`^${SIGN_IN_LOCKED}:`));
    expect(browser.cookies.has("next-auth.session-token")).toBe(false);
  });
});
