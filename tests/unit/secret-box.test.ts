import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isSealed, keyIdOf, openSecret, parseSecretKey, parseSecretKeys, resolveSecretKeys, sealSecret, SecretBoxError } from "@/lib/secret-box";

const keyText = () => randomBytes(32).toString("base64");

describe("secret box (AES-256-GCM, enc:v1)", () => {
  it("seals into the versioned format with the first key and opens again; the same secret never looks the same twice", () => {
    const keys = parseSecretKeys(`${keyText()},${keyText()}`);
    const a = sealSecret("whsec_abc", keys);
    const b = sealSecret("whsec_abc", keys);
    expect(a).toMatch(new RegExp(`^enc:v1:${keys[0]!.id}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$`));
    expect(a).not.toBe(b);
    expect(a).not.toContain("whsec_abc");
    expect(openSecret(a, keys)).toBe("whsec_abc");
    expect(openSecret("飞书 密钥", keys)).toBe("飞书 密钥");
    expect(isSealed(a)).toBe(true);
    expect(openSecret(sealSecret("中文 secret", keys), keys)).toBe("中文 secret");
  });

  it("rotation: any listed key opens by its id; an unlisted key or an altered value is a clear error, never garbage", () => {
    const oldKey = parseSecretKey(keyText());
    const newKey = parseSecretKey(keyText());
    const sealedOld = sealSecret("s1", [oldKey]);
    expect(openSecret(sealedOld, [newKey, oldKey])).toBe("s1");
    expect(() => openSecret(sealedOld, [newKey])).toThrow(new RegExp(`key ${oldKey.id}, which is not in SECRETS_ENCRYPTION_KEY`));
    const parts = sealedOld.split(":");
    parts[5] = Buffer.from("tampered").toString("base64url");
    expect(() => openSecret(parts.join(":"), [oldKey])).toThrow(SecretBoxError);
    expect(() => openSecret(parts.join(":"), [oldKey])).toThrow(/could not be decrypted/);
    expect(() => openSecret("enc:v1:broken", [oldKey])).toThrow(/malformed/);
  });

  it("keys must be 32 bytes of base64; ids are derived from the key", () => {
    expect(() => parseSecretKeys("short")).toThrow(/key 1 must be 32 random bytes/);
    expect(() => parseSecretKeys(`${keyText()}, ${randomBytes(16).toString("base64")}`)).toThrow(/key 2 must be 32 random bytes/);
    const raw = randomBytes(32);
    expect(parseSecretKey(raw.toString("base64url")).id).toBe(keyIdOf(raw));
  });

  it("production without SECRETS_ENCRYPTION_KEY refuses; dev and test use the generated dev key", () => {
    const dev = parseSecretKey(keyText());
    expect(() => resolveSecretKeys(undefined, "production", () => dev)).toThrow(/SECRETS_ENCRYPTION_KEY is not set/);
    expect(() => resolveSecretKeys("  ", "production", () => dev)).toThrow(SecretBoxError);
    expect(resolveSecretKeys(undefined, "development", () => dev)).toEqual([dev]);
    expect(resolveSecretKeys(undefined, "test", () => dev)).toEqual([dev]);
    const configured = keyText();
    expect(resolveSecretKeys(configured, "production", () => dev)[0]?.id).toBe(parseSecretKey(configured).id);
  });
});
