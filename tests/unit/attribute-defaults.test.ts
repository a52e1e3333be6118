import { describe, expect, it } from "vitest";
import { bandNames, defaultAttributeLabels, guessAttributeDefaults, normalizeAttributeKey } from "@/lib/attribute-defaults";
import { attributeDefinitionUpdateSchema, formatAliases, parseAliasesText, parseBandsText } from "@/schemas/attributes";

const many = (count: number, make: (i: number) => unknown) => Array.from({ length: count }, (_, i) => make(i));

describe("attribute display names", () => {
  it("names common keys in both languages, whatever their spelling", () => {
    expect(defaultAttributeLabels("region")).toEqual({ labelZh: "区域", labelEn: "Region" });
    expect(defaultAttributeLabels("tier")).toEqual({ labelZh: "客户层级", labelEn: "Tier" });
    expect(defaultAttributeLabels("tenure")).toEqual({ labelZh: "客龄（年）", labelEn: "Tenure (years)" });
    expect(defaultAttributeLabels("Age Band")).toEqual({ labelZh: "年龄段", labelEn: "Age band" });
    expect(defaultAttributeLabels("ageBand")).toEqual({ labelZh: "年龄段", labelEn: "Age band" });
    expect(defaultAttributeLabels("channel-pref")).toEqual({ labelZh: "偏好渠道", labelEn: "Preferred channel" });
    expect(defaultAttributeLabels("rm")).toEqual({ labelZh: "客户经理", labelEn: "Relationship manager" });
  });

  it("gives a Chinese key its English name, and an unknown key itself in both languages", () => {
    expect(defaultAttributeLabels("网点")).toEqual({ labelZh: "网点", labelEn: "Branch" });
    expect(defaultAttributeLabels("loyalty_club")).toEqual({ labelZh: "loyalty_club", labelEn: "loyalty_club" });
  });

  it("normalises keys to the dictionary's spelling", () => {
    expect(normalizeAttributeKey("  Customer-Type ")).toBe("customer_type");
    expect(normalizeAttributeKey("preferredChannel")).toBe("preferred_channel");
  });
});

describe("default role and kind", () => {
  it("keeps ids, emails, phones, names and addresses out of the dimensions by their key", () => {
    for (const key of ["customer_id", "customerId", "crm_id", "id", "email", "contact_email", "phone", "mobile", "name", "full_name", "address", "身份证号", "客户姓名", "手机号码", "account_no", "birthday"]) {
      expect(guessAttributeDefaults(key, ["华东"]).role, key).toBe("PERSONAL");
    }
  });

  it("hides free-text keys", () => {
    expect(guessAttributeDefaults("remarks", ["ok"])).toMatchObject({ kind: "TEXT", role: "HIDDEN" });
    expect(guessAttributeDefaults("备注")).toMatchObject({ kind: "TEXT", role: "HIDDEN" });
  });

  it("keeps personal data out of the dimensions by its values", () => {
    expect(guessAttributeDefaults("contact", ["li.wei@example.com"]).role).toBe("PERSONAL");
    expect(guessAttributeDefaults("cust", ["C00012345"]).role).toBe("PERSONAL");
    expect(guessAttributeDefaults("ref", ["CRM-100023"]).role).toBe("PERSONAL");
    expect(guessAttributeDefaults("ref", ["6222021234567890"]).role).toBe("PERSONAL");
    expect(guessAttributeDefaults("sfz", ["11010519491231002X"]).role).toBe("PERSONAL");
    expect(guessAttributeDefaults("contact", ["+86 138 0013 8000"]).role).toBe("PERSONAL");
    expect(guessAttributeDefaults("contact", ["13800138000"]).role).toBe("PERSONAL");
    expect(guessAttributeDefaults("ref", ["0b9c3b1e-4a7f-4d0e-9d7e-6f1f0a2b3c4d"]).role).toBe("PERSONAL");
  });

  it("treats nearly unique values as personal, long or sentence-like values as hidden free text", () => {
    expect(guessAttributeDefaults("客户", many(50, (i) => `王${String.fromCharCode(0x4e00 + i)}`)).role).toBe("PERSONAL");
    expect(guessAttributeDefaults("why", ["The branch staff were very friendly and the queue was short today"])).toMatchObject({ kind: "TEXT", role: "HIDDEN" });
  });

  it("makes segment-like columns dimensions", () => {
    expect(guessAttributeDefaults("region", many(100, (i) => ["华东", "华北", "华南"][i % 3]))).toMatchObject({ kind: "CATEGORY", role: "DIMENSION" });
    expect(guessAttributeDefaults("branch", ["BJ01"])).toMatchObject({ kind: "CATEGORY", role: "DIMENSION" });
    expect(guessAttributeDefaults("vip", [true, false, true])).toMatchObject({ kind: "CATEGORY", role: "DIMENSION" });
    expect(guessAttributeDefaults("segment")).toMatchObject({ kind: "CATEGORY", role: "DIMENSION" });
  });

  it("guesses numbers and dates from the values", () => {
    expect(guessAttributeDefaults("tenure", many(100, (i) => (i % 15) + 1))).toMatchObject({ kind: "NUMBER", role: "DIMENSION" });
    expect(guessAttributeDefaults("tenure", ["3", "12", "7.5"])).toMatchObject({ kind: "NUMBER", role: "DIMENSION" });
    expect(guessAttributeDefaults("balance", many(100, (i) => 1000 + i * 37.5))).toMatchObject({ kind: "NUMBER", role: "HIDDEN" });
    expect(guessAttributeDefaults("opened", ["2024-03-01", "2025/11/30"])).toMatchObject({ kind: "DATE", role: "HIDDEN" });
    // Leading zeros are codes, not numbers.
    expect(guessAttributeDefaults("branch_code", ["001", "002", "001"]).kind).toBe("CATEGORY");
  });
});

describe("bands and merged values", () => {
  it("names bands as the SQL does", () => {
    expect(bandNames([1, 3, 5, 10])).toEqual(["<1", "1–3", "3–5", "5–10", "≥10"]);
    expect(bandNames([])).toEqual([]);
  });

  it("reads bands and merged values from the form's text", () => {
    expect(parseBandsText("1, 3，5;10")).toEqual([1, 3, 5, 10]);
    expect(parseBandsText("  ")).toBeNull();
    expect(parseBandsText("1, x")?.some(Number.isNaN)).toBe(true);
    expect(parseAliasesText("Gold => 金卡\n\n金 → 金卡")).toEqual({ aliases: { Gold: "金卡", 金: "金卡" } });
    expect(parseAliasesText("Gold 金卡")).toEqual({ badLine: 1 });
    expect(formatAliases({ Gold: "金卡" })).toBe("Gold => 金卡");
  });

  it("validates an update: ascending bands on numbers only, one-step merges, dimension keys the filters can name", () => {
    const base = { key: "tenure", labelZh: "客龄", labelEn: "Tenure", kind: "NUMBER", role: "DIMENSION" };
    expect(attributeDefinitionUpdateSchema.safeParse({ ...base, bands: [1, 3, 5, 10] }).success).toBe(true);
    expect(attributeDefinitionUpdateSchema.safeParse({ ...base, bands: [3, 1] }).success).toBe(false);
    expect(attributeDefinitionUpdateSchema.safeParse({ ...base, bands: [1, Number.NaN] }).success).toBe(false);
    expect(attributeDefinitionUpdateSchema.safeParse({ ...base, kind: "CATEGORY", bands: [1] }).success).toBe(false);
    expect(attributeDefinitionUpdateSchema.safeParse({ ...base, labelZh: " " }).success).toBe(false);
    expect(attributeDefinitionUpdateSchema.safeParse({ ...base, kind: "CATEGORY", valueAliases: { a: "b", b: "c" } }).success).toBe(false);
    expect(attributeDefinitionUpdateSchema.safeParse({ ...base, key: "a/b" }).success).toBe(false);
    expect(attributeDefinitionUpdateSchema.safeParse({ ...base, key: "a/b", role: "HIDDEN" }).success).toBe(true);
  });
});

describe("export headers", () => {
  it("name attribute columns in the translator's language, the key when there is no name", async () => {
    const { headerRow, createRowMapper } = await import("@/server/export/table");
    const { createTranslator } = await import("@/i18n/translate");
    const columns = [{ key: "tier", label: { "zh-CN": "客户等级", en: "Customer tier" } }, { key: "legacy" }];
    expect(headerRow(createTranslator("zh-CN"), columns).slice(-2)).toEqual(["客户等级", "legacy"]);
    expect(headerRow(createTranslator("en"), columns).slice(-2)).toEqual(["Customer tier", "legacy"]);
    const cells = createRowMapper(createTranslator("en"), columns)({
      id: "r",
      createdAt: new Date(),
      localTime: "2026-01-01 10:00",
      surveyName: "S",
      score: 9,
      comment: null,
      locale: "en",
      channel: "EMAIL",
      touchpoint: null,
      email: null,
      attributes: { tier: "gold", legacy: 3 },
    });
    expect(cells.slice(-2)).toEqual(["gold", 3]);
  });
});
