import { scryptSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { dummyPasswordHash, hashPassword, verifyPassword } from "@/server/auth/password";

const FORMAT = /^scrypt\$32768\$8\$1\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

describe("password hashing", () => {
  it("stores scrypt$N$r$p$salt$hash with a 16-byte salt and a 64-byte key", async () => {
    const stored = await hashPassword("correct horse battery staple");
    const match = FORMAT.exec(stored);
    expect(match).not.toBeNull();
    expect(Buffer.from(match?.[1] ?? "", "base64")).toHaveLength(16);
    expect(Buffer.from(match?.[2] ?? "", "base64")).toHaveLength(64);
    expect(stored).not.toContain("correct horse");
  });

  it("verifies the right password and rejects wrong ones", async () => {
    const stored = await hashPassword("S3cret-密码");
    expect(await verifyPassword("S3cret-密码", stored)).toBe(true);
    expect(await verifyPassword("s3cret-密码", stored)).toBe(false);
    expect(await verifyPassword("S3cret-密码 ", stored)).toBe(false);
    expect(await verifyPassword("", stored)).toBe(false);
  });

  it("salts: two hashes of the same password differ, and both verify", async () => {
    const [first, second] = await Promise.all([hashPassword("same"), hashPassword("same")]);
    expect(first).not.toBe(second);
    expect(first.split("$")[4]).not.toBe(second.split("$")[4]);
    expect(await verifyPassword("same", first)).toBe(true);
    expect(await verifyPassword("same", second)).toBe(true);
  });

  it("normalises to NFKC, so composed and decomposed forms are the same password", async () => {
    const stored = await hashPassword("caf\u00e9");
    expect(await verifyPassword("cafe\u0301", stored)).toBe(true);
  });

  it("verifies a hash stored with other (older) parameters", async () => {
    const stored = await hashPassword("param-test");
    const [, , , , salt] = stored.split("$");
    // A hash written with N = 2^14 (as if parameters were raised since) still verifies.
    const key = scryptSync("param-test", Buffer.from(salt ?? "", "base64"), 64, { N: 2 ** 14, r: 8, p: 1 });
    const older = ["scrypt", 2 ** 14, 8, 1, salt, key.toString("base64")].join("$");
    expect(await verifyPassword("param-test", older)).toBe(true);
    expect(await verifyPassword("other", older)).toBe(false);
  });

  it("answers false for malformed stored hashes", async () => {
    const stored = await hashPassword("pw");
    const [, n, r, p, salt, hash] = stored.split("$");
    const malformed = [
      "",
      "scrypt",
      "plaintext-pw",
      `bcrypt$${n}$${r}$${p}$${salt}$${hash}`,
      `scrypt$${n}$${r}$${p}$${salt}`,
      `scrypt$${n}$${r}$${p}$$${hash}`,
      `scrypt$${n}$${r}$${p}$${salt}$`,
      // a truncated key: lengths differ
      `scrypt$${n}$${r}$${p}$${salt}$${(hash ?? "").slice(0, 20)}`,
      // another salt
      `scrypt$${n}$${r}$${p}$${Buffer.alloc(16, 1).toString("base64")}$${hash}`,
      // parameters that are not numbers, not a power of two, or absurdly large: false, never a throw
      `scrypt$abc$${r}$${p}$${salt}$${hash}`,
      `scrypt$1000$${r}$${p}$${salt}$${hash}`,
      `scrypt$1099511627776$${r}$${p}$${salt}$${hash}`,
      `scrypt$${n}$0$${p}$${salt}$${hash}`,
    ];
    for (const value of malformed) {
      expect(await verifyPassword("pw", value), value).toBe(false);
    }
  });

  it("provides a stable dummy hash that matches no ordinary password", async () => {
    const dummy = await dummyPasswordHash();
    expect(dummy).toMatch(FORMAT);
    expect(await dummyPasswordHash()).toBe(dummy);
    expect(await verifyPassword("", dummy)).toBe(false);
    expect(await verifyPassword("password", dummy)).toBe(false);
  });
});
