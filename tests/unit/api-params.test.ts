import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { API_KEY_PATTERN, apiGroupBySchema, createApiKeySchema } from "@/schemas/api";
import { readNpsParams } from "@/server/api/read-nps-params";
import { bearerToken } from "@/server/api-keys/authenticate-api-key";
import { generateApiKey, hashApiKey, parseApiKey, sameHash } from "@/server/api-keys/key-material";

const SURVEY = "0195f3a2-7b1c-7d2e-8f3a-4b5c6d7e8f90";

function read(query: string) {
  return readNpsParams(new URLSearchParams(query), SURVEY);
}

function failure(query: string): AppError {
  try {
    read(query);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return error as AppError;
  }
  throw new Error(`expected ${query} to be refused`);
}

describe("API key material", () => {
  it("generates nps_<8 base62>_<43 base64url> keys whose hash is the SHA-256 hex of the whole key", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const { key, prefix, hash } = generateApiKey();
      expect(key).toMatch(API_KEY_PATTERN);
      expect(key.startsWith(`nps_${prefix}_`)).toBe(true);
      expect(prefix).toMatch(/^[A-Za-z0-9]{8}$/);
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      expect(hash).toBe(hashApiKey(key));
      expect(parseApiKey(key)).toEqual({ prefix });
      seen.add(key);
    }
    expect(seen.size).toBe(200);
  });

  it("the secret carries 256 random bits (32 bytes of base64url)", () => {
    const { key } = generateApiKey();
    const secret = key.slice("nps_".length + 8 + 1);
    expect(Buffer.from(secret, "base64url")).toHaveLength(32);
  });

  it.each([
    "",
    "nps_",
    "nps_abc_def",
    `nps_ABCDEFG_${"a".repeat(43)}`,
    `nps_ABCDEFGH_${"a".repeat(42)}`,
    `nps_ABCDEFGH_${"a".repeat(44)}`,
    `nps_ABCD-FGH_${"a".repeat(43)}`,
    `NPS_ABCDEFGH_${"a".repeat(43)}`,
    `nps_ABCDEFGH_${"a".repeat(42)}=`,
    ` nps_ABCDEFGH_${"a".repeat(43)}`,
  ])("parseApiKey refuses %j", (key) => {
    expect(parseApiKey(key)).toBeNull();
  });

  it("sameHash compares digests", () => {
    const a = hashApiKey("a");
    expect(sameHash(a, hashApiKey("a"))).toBe(true);
    expect(sameHash(a, hashApiKey("b"))).toBe(false);
    expect(sameHash(a, a.slice(0, 62))).toBe(false);
    expect(sameHash("", "")).toBe(false);
  });

  it.each([
    ["Bearer abc", "abc"],
    ["bearer abc", "abc"],
    ["BEARER   abc  ", "abc"],
    ["Bearer", null],
    ["Bearer ", null],
    ["Basic abc", null],
    ["Bearer a b", null],
    ["abc", null],
    ["", null],
  ] as const)("bearerToken(%j) → %j", (header, expected) => {
    expect(bearerToken(header)).toBe(expected);
  });
  it("bearerToken(null) → null", () => {
    expect(bearerToken(null)).toBeNull();
  });

  it("createApiKeySchema trims the name and bounds it", () => {
    expect(createApiKeySchema.parse({ name: "  CRM  " })).toEqual({ name: "CRM" });
    expect(createApiKeySchema.safeParse({ name: "   " }).success).toBe(false);
    expect(createApiKeySchema.safeParse({ name: "x".repeat(81) }).success).toBe(false);
  });
});

describe("groupBy of the NPS endpoint", () => {
  it.each([
    ["attribute:region", { kind: "segments", groupBy: { kind: "attribute", key: "region" } }],
    ["attribute:客户等级", { kind: "segments", groupBy: { kind: "attribute", key: "客户等级" } }],
    ["touchpoint", { kind: "segments", groupBy: { kind: "touchpoint" } }],
    ["channel", { kind: "segments", groupBy: { kind: "channel" } }],
    ["survey", { kind: "segments", groupBy: { kind: "survey" } }],
    ["locale", { kind: "segments", groupBy: { kind: "locale" } }],
    ["day", { kind: "periods", granularity: "day" }],
    ["week", { kind: "periods", granularity: "week" }],
    ["month", { kind: "periods", granularity: "month" }],
  ])("%s", (value, expected) => {
    expect(apiGroupBySchema.parse(value)).toEqual(expected);
  });

  it.each(["nonsense", "attribute:", "attribute:a;b", "Month", "year", "attribute"])("refuses %j", (value) => {
    expect(apiGroupBySchema.safeParse(value).success).toBe(false);
  });
});

describe("readNpsParams", () => {
  it("defaults to the dashboard's 90 days, forces the path's survey, no grouping", () => {
    expect(read("")).toEqual({
      query: { range: "90d", survey: [SURVEY], channel: [], touchpoint: [], attributes: {} },
      groupBy: null,
    });
  });

  it("reads every filter as the dashboard does", () => {
    const { query, groupBy } = read(
      "range=custom&from=2026-01-01&to=2026-03-31&channel=EMAIL&channel=QR&touchpoint=开户&attr.region=华东&attr.region=华南&attr.tier=gold&groupBy=attribute:region",
    );
    expect(query).toEqual({
      range: "custom",
      from: "2026-01-01",
      to: "2026-03-31",
      survey: [SURVEY],
      channel: ["EMAIL", "QR"],
      touchpoint: ["开户"],
      attributes: { region: ["华东", "华南"], tier: ["gold"] },
    });
    expect(groupBy).toEqual({ kind: "segments", groupBy: { kind: "attribute", key: "region" } });
  });

  it("accepts the path's own survey id and empty values", () => {
    expect(read(`survey=${SURVEY.toUpperCase()}&groupBy=&channel=`).query.survey).toEqual([SURVEY]);
  });

  it.each([
    "groupBy=nonsense",
    "range=custom",
    "range=custom&from=2026-01-01",
    "range=custom&from=2026-13-40&to=2026-12-31",
    "from=2026-13-40",
    "range=custom&from=2026-03-01&to=2026-02-01",
    "from=2026-01-01&to=2026-02-01",
    "range=custom&from=1900-01-01&to=2026-01-01",
    "range=custom&from=2026-01-01&to=2999-01-01",
    "range=forever",
    "channel=FAX",
    "channel=email",
    `touchpoint=${"x".repeat(81)}`,
    "attr.a%3Cb=1",
    "survey=0195f3a2-7b1c-7d2e-8f3a-000000000000",
    "groupBy=attribute:",
    "touchpoint=a%00b",
    "attr.region=%00",
  ])("%s → 422 validation_failed", (query) => {
    const error = failure(query);
    expect(error.code).toBe("validation_failed");
    expect(error.status).toBe(422);
    expect(error.message.length).toBeGreaterThan(0);
  });

  it.each(["chanel=EMAIL", "foo=1", "range=7d&range=30d", "groupBy=day&groupBy=week", "from=2026-01-01&from=2026-01-02&range=custom&to=2026-02-01"])(
    "%s → 400 bad_request",
    (query) => {
      const error = failure(query);
      expect(error.code).toBe("bad_request");
      expect(error.status).toBe(400);
    },
  );
});
