/**
 * Attribute definitions (docs/decisions/0010, issue 11 part 1): created with safe defaults wherever a key first
 * enters (contact upsert / import batch, trigger API, public link tag), edited by admins only, and the one check
 * that filters and groupings name dimensions. Real PostgreSQL; responses written through the product's services.
 */
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { RoleName } from "@/lib/roles";
import { readAnalyticsParams } from "@/schemas/analytics";
import { resolveFilter } from "@/server/analytics/filter";
import { getFilterOptions } from "@/server/analytics/get-filter-options";
import { getSegments } from "@/server/analytics/get-segments";
import { getSurveyNps } from "@/server/api/get-survey-nps";
import type { AttributeActor } from "@/server/attributes/actor";
import { assertKnownDimensions } from "@/server/attributes/assert-known-dimensions";
import { ensureAttributeDefinitions } from "@/server/attributes/ensure-attribute-definitions";
import { listAttributeDefinitions } from "@/server/attributes/list-attribute-definitions";
import { updateAttributeDefinition } from "@/server/attributes/update-attribute-definition";
import { upsertContacts } from "@/server/contacts/upsert-contacts";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { triggerInvitations } from "@/server/distribution/trigger-invitations";
import { discoverAttributeKeys } from "@/server/export/response-rows";
import { submitResponse } from "@/server/responses/submit-response";
import { createSurveyLink } from "@/server/survey-links/create-survey-link";
import { createSurvey } from "@/server/surveys/create-survey";
import { latestAggregateRebuild, runAggregateRebuilds } from "@/server/org-settings/aggregate-rebuilds";
import { createOrganization, expectAppError } from "./support/fixtures";

let organizationId: string;
let otherOrgId: string;
let surveyId: string;
let adminId: string;

const actor = (role: RoleName = "ADMIN", org = organizationId): AttributeActor => ({ organizationId: org, userId: adminId, role });

async function definition(key: string, org = organizationId) {
  return db.attributeDefinition.findUnique({ where: { organizationId_key: { organizationId: org, key } } });
}

async function answer(score: number, attributes: Record<string, string | number>) {
  const { invitation } = await createInvitation({
    organizationId,
    surveyId,
    contact: { email: `c-${randomUUID()}@example.com`, attributes },
  });
  await submitResponse({ token: invitation.token, input: { score } });
}

const filterOf = (params: Record<string, string> = {}) =>
  resolveFilter(readAnalyticsParams({ range: "30d", ...params }).data!, { organizationId, timeZone: "Asia/Shanghai", unitIds: null });

function groups(segments: { groups: { key: string; stats: { n: number } }[] }) {
  return Object.fromEntries(segments.groups.map((g) => [g.key, g.stats.n]));
}

beforeAll(async () => {
  organizationId = (await createOrganization("Attributes Bank")).id;
  otherOrgId = (await createOrganization("Attributes Other")).id;
  adminId = (await db.user.create({ data: { email: `attr-admin-${randomUUID()}@example.com`, name: "Admin", passwordHash: "x" } })).id;
  surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Relationship", brandName: "演示银行" } })).id;
});

describe("definitions are created where keys enter", () => {
  it("a contact batch defines its new keys once, with names and safe roles judged on the batch's values", async () => {
    await db.$transaction(async (tx) => {
      const rows = Array.from({ length: 40 }, (_, i) => ({
        row: i + 2,
        contact: {
          email: `batch-${i}@example.com`,
          name: null,
          phone: null,
          locale: null,
          externalId: null,
          attributes: { tier: ["gold", "silver", "Gold"][i % 3] ?? "gold", tenure: (i % 12) + 1, customer_no: `C${String(100000 + i)}`, 客户: `客户${i}号`, region: "华东" },
        },
      }));
      await upsertContacts(tx, { organizationId, rows, onDuplicate: "update" });
    });
    expect(await definition("tier")).toMatchObject({ labelZh: "客户层级", labelEn: "Tier", kind: "CATEGORY", role: "DIMENSION" });
    expect(await definition("tenure")).toMatchObject({ labelZh: "客龄（年）", labelEn: "Tenure (years)", kind: "NUMBER", role: "DIMENSION", bands: null });
    expect(await definition("customer_no")).toMatchObject({ role: "PERSONAL" });
    expect(await definition("客户")).toMatchObject({ role: "PERSONAL", labelZh: "客户", labelEn: "客户" });
    const positions = (await db.attributeDefinition.findMany({ where: { organizationId }, orderBy: { position: "asc" } })).map((d) => d.position);
    expect(new Set(positions).size).toBe(positions.length);
  });

  it("leaves an existing definition alone and creates nothing for known keys", async () => {
    await db.attributeDefinition.update({ where: { organizationId_key: { organizationId, key: "region" } }, data: { labelZh: "大区" } });
    const created = await db.$transaction((tx) => ensureAttributeDefinitions(tx, organizationId, [{ region: "华北", tier: "gold" }]));
    expect(created).toEqual([]);
    expect(await definition("region")).toMatchObject({ labelZh: "大区" });
    await db.attributeDefinition.update({ where: { organizationId_key: { organizationId, key: "region" } }, data: { labelZh: "区域" } });
  });

  it("the trigger API and a public link's tag define their keys; a tag becomes a dimension unless its name is personal", async () => {
    const enqueue = { fanout: async () => undefined, send: async () => undefined };
    await triggerInvitations({
      organizationId,
      surveyId,
      input: { contacts: [{ email: "trigger@example.com", attributes: { channel_pref: "app", email_backup: "x@example.com" } }] },
      enqueue,
    });
    expect(await definition("channel_pref")).toMatchObject({ labelZh: "偏好渠道", labelEn: "Preferred channel", role: "DIMENSION" });
    expect(await definition("email_backup")).toMatchObject({ role: "PERSONAL" });

    await createSurveyLink({ actor: actor(), surveyId, input: { name: "柜台", channel: "QR", attributeKey: "counter", attributeValue: "C-000123456" } });
    expect(await definition("counter")).toMatchObject({ role: "DIMENSION", labelZh: "counter" });
    // Another organisation's keys are its own.
    expect(await definition("counter", otherOrgId)).toBeNull();
  });
});

/** What the worker's aggregate-rebuild job does after a change queued a rebuild. */
async function runWorkerJob(): Promise<void> {
  expect((await runAggregateRebuilds({ log: () => undefined })).rebuilt).toBeGreaterThan(0);
}

describe("editing definitions", () => {
  it("is for admins and owners of the organisation only, and validates its input", async () => {
    const input = { key: "tier", labelZh: "客户等级", labelEn: "Tier", kind: "CATEGORY", role: "DIMENSION" };
    await expectAppError(updateAttributeDefinition({ actor: actor("MANAGER"), input }), "forbidden");
    await expectAppError(updateAttributeDefinition({ actor: actor("ADMIN", otherOrgId), input }), "not_found");
    await expectAppError(listAttributeDefinitions({ actor: actor("VIEWER") }), "forbidden");
    const invalid = await expectAppError(updateAttributeDefinition({ actor: actor(), input: { ...input, bands: [5, 1] } }), "validation_failed");
    expect((invalid.details as { fields: string[] }).fields).toContain("bands");
    const label = await expectAppError(updateAttributeDefinition({ actor: actor(), input: { ...input, labelZh: "" } }), "validation_failed");
    expect((label.details as { fields: string[] }).fields).toContain("labelZh");
  });

  it("a rename applies at once without a rebuild; merged values and bands rebuild the aggregates", async () => {
    await answer(10, { tier: "gold", tenure: 2 });
    await answer(9, { tier: "Gold", tenure: 7 });
    await answer(3, { tier: "silver", tenure: 12 });
    await answer(6, { tier: "silver", tenure: 0.5 });

    const renamed = await updateAttributeDefinition({ actor: actor("OWNER"), input: { key: "tier", labelZh: "客户等级", labelEn: "Customer tier", kind: "CATEGORY", role: "DIMENSION" } });
    expect(renamed.rebuild).toBe(false);
    const options = await getFilterOptions({ organizationId });
    expect(options.attributes.find((a) => a.key === "tier")?.label).toEqual({ "zh-CN": "客户等级", en: "Customer tier" });
    expect(options.attributes.map((a) => a.key)).not.toContain("customer_no");
    expect(groups(await getSegments(filterOf(), { kind: "attribute", key: "tier" }, { minN: 1, suppressN: 1 }))).toEqual({ gold: 1, Gold: 1, silver: 2 });

    const merged = await updateAttributeDefinition({
      actor: actor(),
      input: { key: "tier", labelZh: "客户等级", labelEn: "Customer tier", kind: "CATEGORY", role: "DIMENSION", valueAliases: { Gold: "gold" } },
    });
    expect(merged.rebuild).toBe(true);
    // Queued for the worker with the change; the worker's job runs it.
    expect(await latestAggregateRebuild(organizationId)).toMatchObject({ id: merged.rebuildId, status: "PENDING", reason: "attribute" });
    await runWorkerJob();
    const finished = await latestAggregateRebuild(organizationId);
    expect(finished).toMatchObject({ id: merged.rebuildId, status: "DONE" });
    expect(finished?.total).toBeGreaterThanOrEqual(4);
    expect(finished?.done).toBe(finished?.total);
    expect(groups(await getSegments(filterOf(), { kind: "attribute", key: "tier" }, { minN: 1, suppressN: 1 }))).toEqual({ gold: 2, silver: 2 });
    expect(groups(await getSegments(filterOf({ "attr.tier": "gold" }), { kind: "survey" }, { minN: 1, suppressN: 1 }))).toEqual({ [surveyId]: 2 });

    await updateAttributeDefinition({
      actor: actor(),
      input: { key: "tenure", labelZh: "客龄（年）", labelEn: "Tenure (years)", kind: "NUMBER", role: "DIMENSION", bands: [1, 3, 5, 10] },
    });
    await runWorkerJob();
    expect(groups(await getSegments(filterOf(), { kind: "attribute", key: "tenure" }, { minN: 1, suppressN: 1 }))).toEqual({ "<1": 1, "1–3": 1, "5–10": 1, "≥10": 1 });
    expect(await definition("tenure")).toMatchObject({ bands: [1, 3, 5, 10] });

    // Bands go away with the NUMBER kind cleared back to null.
    await updateAttributeDefinition({
      actor: actor(),
      input: { key: "tenure", labelZh: "客龄（年）", labelEn: "Tenure (years)", kind: "NUMBER", role: "DIMENSION", bands: null, position: 3 },
    });
    await runWorkerJob();
    expect(await definition("tenure")).toMatchObject({ bands: null, position: 3 });
  });

  it("lists definitions with their distinct values and examples", async () => {
    const rows = await listAttributeDefinitions({ actor: actor() });
    const tier = rows.find((r) => r.key === "tier");
    expect(tier).toMatchObject({ labelZh: "客户等级", valueAliases: { Gold: "gold" }, distinctValues: 3 });
    expect(tier?.examples.slice(0, 3).sort()).toEqual(["Gold", "gold", "silver"]);
    expect(rows.find((r) => r.key === "customer_no")?.distinctValues).toBe(40);
  });
});

describe("filters name dimensions only", () => {
  it("accepts dimensions and refuses personal, hidden and unknown keys with the known ones listed", async () => {
    await assertKnownDimensions({ organizationId, attributes: { tier: ["gold"] }, groupBy: { kind: "attribute", key: "region" } });
    await assertKnownDimensions({ organizationId, groupBy: { kind: "channel" } });
    const personal = await expectAppError(assertKnownDimensions({ organizationId, attributes: { customer_no: ["C100001"] } }), "bad_request");
    expect(personal.message).toMatch(/^Unknown dimension "customer_no"; known: .*\btier\b/);
    expect(personal.message).not.toMatch(/known: .*customer_no/);
    await expectAppError(assertKnownDimensions({ organizationId, groupBy: { kind: "attribute", key: "nope" } }), "bad_request");
    // Another organisation has none of these.
    const other = await expectAppError(assertKnownDimensions({ organizationId: otherOrgId, attributes: { tier: ["gold"] } }), "bad_request");
    expect(other.message).toContain("known: (none)");
  });

  it("the REST API answers 400 for an unknown attr.<key> or attribute:<key> grouping", async () => {
    const call = (query: string) => getSurveyNps({ organizationId, surveyId, searchParams: new URLSearchParams(query) });
    const error = await expectAppError(call("range=30d&attr.customer_no=C100001"), "bad_request");
    expect(error.status).toBe(400);
    await expectAppError(call("range=30d&groupBy=attribute:customer_no"), "bad_request");
    const body = await call("range=30d&attr.tier=gold&groupBy=attribute:tier");
    expect("groups" in body && body.groups.map((g) => [g.key, g.n])).toEqual([["gold", 2]]);
  });

  it("exports name attribute columns by their display names", async () => {
    const columns = await discoverAttributeKeys(filterOf());
    expect(columns.find((c) => c.key === "tier")).toEqual({ key: "tier", label: { "zh-CN": "客户等级", en: "Customer tier" } });
  });
});
