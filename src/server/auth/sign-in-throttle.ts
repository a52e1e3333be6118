import "server-only";
import { createHash } from "node:crypto";
import { Prisma } from "@/generated/prisma/client";
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  addressKey,
  afterFailure,
  lockedUntil,
  type ThrottlePolicy,
  type ThrottleState,
} from "@/lib/sign-in-throttle";
import { db } from "@/server/db";

/**
 * Sign-in throttling state in the database ("SignInThrottle"), so that every app process sees the same counts.
 * Each attempt is reserved before the password is checked: both rows are locked (FOR UPDATE), the rules of
 * src/lib/sign-in-throttle.ts decide, and an allowed attempt is counted as a failure at once — a burst of
 * parallel guesses cannot slip through before the first one is counted. A success gives the count back.
 */

export type ThrottleKeys = { account: string; address: string };

/** The rows' keys: the email is hashed (the table holds no addresses of people who never had an account). */
export function throttleKeys(email: string, address: string): ThrottleKeys {
  const digest = createHash("sha256").update(email.trim().toLowerCase()).digest("base64url");
  return { account: `account:${digest}`, address: `ip:${addressKey(address)}` };
}

export type Reservation = { allowed: true } | { allowed: false; until: Date };

type Row = { key: string; failures: number; lastFailureAt: Date; now: Date };

/** Locks both rows (in key order, so concurrent reservations cannot deadlock) and decides. */
export async function reserveSignInAttempt(keys: ThrottleKeys): Promise<Reservation> {
  const ordered = [keys.account, keys.address].sort();
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO "SignInThrottle" ("key", "failures", "lastFailureAt")
      VALUES (${ordered[0]}, 0, now()), (${ordered[1]}, 0, now())
      ON CONFLICT ("key") DO NOTHING`;
    const rows = await tx.$queryRaw<Row[]>`
      SELECT "key", "failures", "lastFailureAt", now()::timestamptz(3) AS "now"
      FROM "SignInThrottle" WHERE "key" IN (${Prisma.join(ordered)}) ORDER BY "key" FOR UPDATE`;
    const now = rows[0]?.now ?? new Date();
    const state = (key: string): ThrottleState | null => rows.find((row) => row.key === key) ?? null;
    const account = state(keys.account);
    const address = state(keys.address);
    // The account first: a locked account refuses without counting against the address (a person retrying
    // their own locked account from an office must not lock the whole office out).
    const until = [lockIn(account, ACCOUNT_POLICY, now), lockIn(address, ADDRESS_POLICY, now)]
      .filter((date): date is Date => date !== null)
      .sort((a, b) => b.getTime() - a.getTime())[0];
    if (until) return { allowed: false, until } satisfies Reservation;
    for (const [key, current, policy] of [
      [keys.account, account, ACCOUNT_POLICY],
      [keys.address, address, ADDRESS_POLICY],
    ] as const) {
      const next = afterFailure(current, policy, now);
      await tx.$executeRaw`
        UPDATE "SignInThrottle" SET "failures" = ${next.failures}, "lastFailureAt" = ${next.lastFailureAt}
        WHERE "key" = ${key}`;
    }
    return { allowed: true } satisfies Reservation;
  });
}

function lockIn(state: ThrottleState | null, policy: ThrottlePolicy, now: Date): Date | null {
  return state ? lockedUntil(state, policy, now) : null;
}

/**
 * After a reserved attempt failed: when the next attempt may be made, if it has to wait (the failure was
 * already counted by the reservation).
 */
export async function lockAfterFailure(keys: ThrottleKeys): Promise<Date | null> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT "key", "failures", "lastFailureAt", now()::timestamptz(3) AS "now"
    FROM "SignInThrottle" WHERE "key" IN (${keys.account}, ${keys.address})`;
  const now = rows[0]?.now ?? new Date();
  const account = rows.find((row) => row.key === keys.account) ?? null;
  const address = rows.find((row) => row.key === keys.address) ?? null;
  const dates = [lockIn(account, ACCOUNT_POLICY, now), lockIn(address, ADDRESS_POLICY, now)].filter((d): d is Date => d !== null);
  return dates.sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
}

/** After a reserved attempt succeeded: the account starts afresh; the address gets its one reserved failure back. */
export async function settleSuccessfulSignIn(keys: ThrottleKeys): Promise<void> {
  await db.$transaction([
    db.$executeRaw`DELETE FROM "SignInThrottle" WHERE "key" = ${keys.account}`,
    db.$executeRaw`UPDATE "SignInThrottle" SET "failures" = GREATEST("failures" - 1, 0) WHERE "key" = ${keys.address}`,
  ]);
}
