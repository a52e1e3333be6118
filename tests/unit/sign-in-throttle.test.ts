import { describe, expect, it } from "vitest";
import { ACCOUNT_POLICY, addressKey, afterFailure, clientAddress, lockedUntil, throttleDelayMs } from "@/lib/sign-in-throttle";

const at = (ms: number) => new Date(Date.UTC(2026, 11, 6, 12, 0, 0) + ms);

describe("sign-in throttle rules", () => {
  it("5 free failures, then waits of 30 s, 1 min, 2 min … capped at 15 min", () => {
    expect([0, 1, 4].map((f) => throttleDelayMs(f, ACCOUNT_POLICY))).toEqual([0, 0, 0]);
    expect([5, 6, 7, 8, 9, 10, 50].map((f) => throttleDelayMs(f, ACCOUNT_POLICY) / 1000)).toEqual([30, 60, 120, 240, 480, 900, 900]);
  });

  it("locks until the last failure plus the wait, and a quiet hour forgets", () => {
    let state = null as ReturnType<typeof afterFailure> | null;
    for (let i = 0; i < 5; i += 1) state = afterFailure(state, ACCOUNT_POLICY, at(i * 1000));
    expect(state).toEqual({ failures: 5, lastFailureAt: at(4000) });
    expect(lockedUntil(state!, ACCOUNT_POLICY, at(5000))).toEqual(at(34_000));
    expect(lockedUntil(state!, ACCOUNT_POLICY, at(34_000))).toBeNull();
    expect(afterFailure(state, ACCOUNT_POLICY, at(4000 + 3_600_000))).toEqual({ failures: 1, lastFailureAt: at(4000 + 3_600_000) });
  });

  it("keys addresses: IPv4 (also mapped), IPv6 by /64, junk as is", () => {
    expect(addressKey("203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(addressKey("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(addressKey("2001:0db8:0001:0002::ffff")).toBe("2001:db8:1:2::/64");
    expect(addressKey("[2001:db8::1]")).toBe("2001:db8:0:0::/64");
    expect(addressKey("")).toBe("unknown");
    expect(addressKey("x".repeat(100))).toHaveLength(64);
  });

  it("reads the client address from the last X-Forwarded-For entry", () => {
    const headers = (values: Record<string, string>) => new Headers(values);
    expect(clientAddress(headers({ "x-forwarded-for": "1.1.1.1, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddress(headers({ "x-real-ip": "198.51.100.1" }))).toBe("198.51.100.1");
    expect(clientAddress(headers({}))).toBe("unknown");
  });
});
