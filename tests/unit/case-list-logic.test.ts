import { describe, expect, it } from "vitest";
import { campaignDisplayStatus } from "@/lib/campaign-status";
import { caseRef, parseCaseRef } from "@/lib/case-ref";
import { localizedLabel } from "@/lib/localized-label";
import { caseBulkSchema, caseListPageQuerySchema, loopPagesSchema } from "@/schemas/case-list";

describe("case numbers", () => {
  it("are '#' and the id's last 8 hex digits, upper case; a search text is read back case-insensitively, with or without '#'", () => {
    expect(caseRef("019ae3c1-7b2a-7cc0-8f00-1a2b3c4d5e6f")).toBe("#3C4D5E6F");
    expect(parseCaseRef("#3C4D5E6F")).toBe("3c4d5e6f");
    expect(parseCaseRef(" 3c4d5e6f ")).toBe("3c4d5e6f");
    expect(parseCaseRef("3c4d5e6")).toBeNull();
    expect(parseCaseRef("排队")).toBeNull();
    expect(parseCaseRef("3c4d5e6g")).toBeNull();
  });
});

describe("the cases list query", () => {
  it("falls back to defaults for anything unknown, keeps a trimmed search and a page number", () => {
    expect(caseListPageQuerySchema.parse({ q: "  李雷 ", sort: "score", dir: "desc", page: "3" })).toMatchObject({ q: "李雷", sort: "score", dir: "desc", page: 3, overdue: false });
    expect(caseListPageQuerySchema.parse({ q: "   ", sort: "drop table", dir: "up", page: "-2", view: "everything" })).toEqual({
      view: undefined,
      status: undefined,
      overdue: false,
      owner: undefined,
      q: undefined,
      sort: undefined,
      dir: undefined,
      page: 1,
    });
    expect(caseListPageQuerySchema.parse({ q: "x".repeat(500) }).q).toBeUndefined();
    expect(loopPagesSchema.parse({ promotersPage: "2", passivesPage: "abc" })).toEqual({ promotersPage: 2, passivesPage: 1 });
  });

  it("bulk input: an action, 1–100 case ids, an owner to assign to", () => {
    const id = "019ae3c1-7b2a-7cc0-8f00-1a2b3c4d5e6f";
    expect(caseBulkSchema.safeParse({ action: "assign", caseIds: [id], ownerId: id }).success).toBe(true);
    expect(caseBulkSchema.safeParse({ action: "assign", caseIds: [id] }).success).toBe(false);
    expect(caseBulkSchema.safeParse({ action: "close", caseIds: [] }).success).toBe(false);
    expect(caseBulkSchema.safeParse({ action: "delete", caseIds: [id] }).success).toBe(false);
    expect(caseBulkSchema.safeParse({ action: "close", caseIds: Array.from({ length: 101 }, () => id) }).success).toBe(false);
  });
});

describe("campaign status shown", () => {
  it("is SENT once a sending campaign has no invitation left to send; other statuses are kept", () => {
    expect(campaignDisplayStatus("SENDING", 0)).toBe("SENT");
    expect(campaignDisplayStatus("SENDING", 3)).toBe("SENDING");
    expect(campaignDisplayStatus("SCHEDULED", 0)).toBe("SCHEDULED");
    expect(campaignDisplayStatus("SENT", 0)).toBe("SENT");
  });
});

describe("localized labels", () => {
  it("pick the language, then zh-CN, then English", () => {
    expect(localizedLabel({ "zh-CN": "等待", en: "Waiting" }, "en")).toBe("Waiting");
    expect(localizedLabel({ "zh-CN": "等待" }, "en")).toBe("等待");
    expect(localizedLabel("plain", "en")).toBe("plain");
    expect(localizedLabel(null, "en")).toBe("");
  });
});
