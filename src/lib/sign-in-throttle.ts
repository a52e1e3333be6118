/**
 * Sign-in throttling rules (pure; the state lives in the database, src/server/auth/sign-in-throttle.ts).
 * Each key — an account (the email, known or not: unknown accounts are throttled exactly like real ones, so the
 * answer never tells them apart) and a client address — counts failed sign-ins in a row. The first `free`
 * failures cost nothing; from then on every further attempt must wait a delay that doubles with each failure
 * (30 s, 1 min, 2 min … capped at 15 min): a temporary lock that grows. A success resets the account; a quiet
 * hour forgets the failures.
 */
export type ThrottlePolicy = {
  /** Failures in a row allowed without waiting. */
  free: number;
  /** The wait after the `free`-th failure; doubles with each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures older than this (counted from the last one) are forgotten. */
  forgetAfterMs: number;
};

/** One account: a person mistyping gets 5 tries, a guesser about 4 guesses an hour after that. */
export const ACCOUNT_POLICY: ThrottlePolicy = { free: 5, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

/**
 * One client address, across accounts (password spraying). Higher: a bank branch or an office shares one
 * address. Attempts refused because an account is locked do not count here.
 */
export const ADDRESS_POLICY: ThrottlePolicy = { free: 30, baseDelayMs: 30_000, maxDelayMs: 15 * 60_000, forgetAfterMs: 60 * 60_000 };

export type ThrottleState = { failures: number; lastFailureAt: Date };

/** The failures that still count at `now`. */
export function activeFailures(state: ThrottleState, policy: ThrottlePolicy, now: Date): number {
  return now.getTime() - state.lastFailureAt.getTime() >= policy.forgetAfterMs ? 0 : Math.max(0, state.failures);
}

/** The wait after `failures` failures in a row (0 while within the free ones). */
export function throttleDelayMs(failures: number, policy: ThrottlePolicy): number {
  if (failures < policy.free) return 0;
  const doublings = Math.min(failures - policy.free, 30);
  return Math.min(policy.baseDelayMs * 2 ** doublings, policy.maxDelayMs);
}

/** When the next attempt may be made, or null when it may be made now. */
export function lockedUntil(state: ThrottleState, policy: ThrottlePolicy, now: Date): Date | null {
  const failures = activeFailures(state, policy, now);
  const delay = throttleDelayMs(failures, policy);
  if (delay === 0) return null;
  const until = new Date(state.lastFailureAt.getTime() + delay);
  return until.getTime() > now.getTime() ? until : null;
}

/** The state after one more failure at `now`. */
export function afterFailure(state: ThrottleState | null, policy: ThrottlePolicy, now: Date): ThrottleState {
  const failures = state ? activeFailures(state, policy, now) : 0;
  return { failures: failures + 1, lastFailureAt: now };
}

/**
 * The key of a client address: IPv4 as is (also when IPv4-mapped, `::ffff:1.2.3.4`), IPv6 by its /64 prefix
 * (one subscriber usually holds a whole /64, so single addresses would be free to rotate). Unparseable → as is,
 * lower-cased and cut to 64 characters.
 */
export function addressKey(address: string): string {
  const value = address.trim().toLowerCase().replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  const mapped = /^(?:::ffff:)?(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
  if (mapped?.[1]) return mapped[1];
  if (!value.includes(":") || !/^[0-9a-f:]+$/.test(value)) return value.slice(0, 64) || "unknown";
  const halves = value.split("::");
  if (halves.length > 2) return value.slice(0, 64);
  const head = halves[0] ? halves[0].split(":") : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(":") : [];
  const missing = 8 - head.length - tail.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return value.slice(0, 64);
  const groups = [...head, ...Array<string>(missing).fill("0"), ...tail];
  if (groups.some((group) => group.length === 0 || group.length > 4)) return value.slice(0, 64);
  return `${groups.slice(0, 4).map((group) => group.replace(/^0+(?=.)/, "")).join(":")}::/64`;
}

/**
 * The client's address from the request headers: the last `X-Forwarded-For` entry — the address the nearest
 * proxy saw (a proxy appends), or the socket address Next.js fills in when no proxy set the header — else
 * `X-Real-IP`, else "unknown".
 */
export function clientAddress(headers: { get(name: string): string | null }): string {
  const forwarded = headers.get("x-forwarded-for");
  const last = forwarded?.split(",").map((part) => part.trim()).filter(Boolean).at(-1);
  return last ?? headers.get("x-real-ip")?.trim() ?? "unknown";
}
