import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnalyticsFilter } from "@/server/analytics/filter";
import { getHeadline } from "@/server/analytics/get-headline";
import { getNonResponse, twoProportionZTest, type NonResponse, type NonResponseRow } from "@/server/analytics/get-non-response";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";

type Attributes = Record<string, string | number>;
type Invite = {
  organizationId: string;
  surveyId: string;
  contactIndex: number;
  createdAt: Date;
  responded: boolean;
  channel: "EMAIL" | "SMS";
};

const REGIONS = ["华东", "华南", "华北"] as const;

function filterFor(organizationId: string, overrides: Partial<AnalyticsFilter> = {}): AnalyticsFilter {
  return {
    organizationId,
    timeZone: "Asia/Shanghai",
    range: { from: "2026-04-01", to: "2026-04-30" },
    surveyIds: [],
    channels: [],
    touchpoints: [],
    attributes: {},
    unitIds: null,
    ...overrides,
  };
}

function find(result: NonResponse, key: string, value: string, kind: NonResponseRow["kind"] = "value"): NonResponseRow | undefined {
  return result.rows.find((row) => row.key === key && row.value === value && row.kind === kind);
}

describe("getNonResponse", () => {
  let orgId: string;
  let otherOrgId: string;
  let surveyId: string;
  let otherSurveyId: string;
  const contacts: Attributes[] = [];
  const invites: Invite[] = [];

  beforeAll(async () => {
    orgId = (await createOrganization("NonResponse Insurer")).id;
    otherOrgId = (await createOrganization("NonResponse Other")).id;
    surveyId = (await createSurvey({ organizationId: orgId, userId: null, input: { name: "Relationship", brandName: "Ins" } })).id;
    otherSurveyId = (await createSurvey({ organizationId: orgId, userId: null, input: { name: "Claims", brandName: "Ins" } })).id;
    const foreignSurveyId = (await createSurvey({ organizationId: otherOrgId, userId: null, input: { name: "X", brandName: "X" } })).id;

    for (let i = 0; i < 150; i++) {
      const attributes: Attributes = {
        region: REGIONS[i % 3] ?? "华东",
        customerId: `C-${1000 + i}`, // unique: too many values to compare, skipped
        tenure: i % 60, // numeric with 60 distinct values: bucketed into quintiles
        children: i % 4, // numeric with few values: compared value by value
      };
      if (i % 10 !== 0) attributes.tier = i % 3 === 0 ? "gold" : "silver"; // every tenth contact has no tier
      contacts.push(attributes);
    }
    const created = await db.contact.createManyAndReturn({
      data: contacts.map((attributes, i) => ({ organizationId: orgId, email: `c${i}@insurer.example`, attributes })),
      select: { id: true, email: true },
    });
    const contactIds = new Map(created.map((c) => [c.email ?? "", c.id]));
    const idOf = (i: number) => contactIds.get(`c${i}@insurer.example`) ?? "";

    // 华东 answers far more often than the others (a real non-response bias), tier "gold" a little more.
    const answers = (i: number): boolean => (REGIONS[i % 3] === "华东" ? i % 5 !== 0 : i % 3 === 1 ? i % 4 === 0 : i % 7 === 0);
    for (let i = 0; i < 150; i++) {
      invites.push({
        organizationId: orgId,
        surveyId,
        contactIndex: i,
        createdAt: new Date(Date.UTC(2026, 3, 1 + (i % 29), 2, 0)),
        responded: answers(i),
        channel: i % 5 === 0 ? "SMS" : "EMAIL",
      });
    }
    // Day edges in Asia/Shanghai: 2026-04-30T15:59:59Z is still 30 April; 16:00:00Z is 1 May (out of range).
    invites.push({ organizationId: orgId, surveyId, contactIndex: 3, createdAt: new Date("2026-04-30T15:59:59Z"), responded: true, channel: "EMAIL" });
    invites.push({ organizationId: orgId, surveyId, contactIndex: 4, createdAt: new Date("2026-04-30T16:00:00Z"), responded: false, channel: "EMAIL" });
    // 2026-03-31T16:00:00Z is 1 April local (in range); 15:59:59Z is 31 March (out).
    invites.push({ organizationId: orgId, surveyId, contactIndex: 5, createdAt: new Date("2026-03-31T16:00:00Z"), responded: false, channel: "EMAIL" });
    invites.push({ organizationId: orgId, surveyId, contactIndex: 6, createdAt: new Date("2026-03-31T15:59:59Z"), responded: true, channel: "EMAIL" });
    // Another survey of the same organisation, in range.
    for (let i = 0; i < 20; i++) {
      invites.push({ organizationId: orgId, surveyId: otherSurveyId, contactIndex: i, createdAt: new Date(Date.UTC(2026, 3, 10)), responded: i % 2 === 0, channel: "EMAIL" });
    }

    await db.invitation.createMany({
      data: invites.map((invite) => ({
        organizationId: invite.organizationId,
        surveyId: invite.surveyId,
        contactId: idOf(invite.contactIndex),
        token: randomBytes(32).toString("base64url"),
        channel: invite.channel,
        createdAt: invite.createdAt,
        respondedAt: invite.responded ? new Date(invite.createdAt.getTime() + 3_600_000) : null,
      })),
    });

    // Another organisation: its invitations never count.
    const foreign = await db.contact.create({ data: { organizationId: otherOrgId, email: "x@other.example", attributes: { region: "华东", tier: "gold" } } });
    await db.invitation.createMany({
      data: Array.from({ length: 30 }, (_, i) => ({
        organizationId: otherOrgId,
        surveyId: foreignSurveyId,
        contactId: foreign.id,
        token: randomBytes(32).toString("base64url"),
        createdAt: new Date(Date.UTC(2026, 3, 15)),
        respondedAt: i < 29 ? new Date(Date.UTC(2026, 3, 16)) : null,
      })),
    });
  });

  /** Invitations the filter selects, from the rows inserted above (local day = UTC + 8 h). */
  function selected(filter: AnalyticsFilter): Invite[] {
    const day = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
    return invites.filter(
      (invite) =>
        invite.organizationId === filter.organizationId &&
        day(invite.createdAt) >= filter.range.from &&
        day(invite.createdAt) <= filter.range.to &&
        (filter.surveyIds.length === 0 || filter.surveyIds.includes(invite.surveyId)) &&
        (filter.channels.length === 0 || filter.channels.includes(invite.channel)) &&
        Object.entries(filter.attributes).every(([key, values]) => values.includes(String(contacts[invite.contactIndex]?.[key]))),
    );
  }

  function counts(filter: AnalyticsFilter, predicate: (attributes: Attributes) => boolean) {
    const chosen = selected(filter);
    const respondents = chosen.filter((invite) => invite.responded);
    const nonRespondents = chosen.filter((invite) => !invite.responded);
    const match = (invite: Invite) => predicate(contacts[invite.contactIndex] ?? {});
    return {
      totalRespondents: respondents.length,
      totalNonRespondents: nonRespondents.length,
      respondents: respondents.filter(match).length,
      nonRespondents: nonRespondents.filter(match).length,
    };
  }

  function expectRowMatches(row: NonResponseRow | undefined, c: ReturnType<typeof counts>): void {
    expect(row).toBeDefined();
    if (!row) return;
    expect(row.respondents).toBe(c.respondents);
    expect(row.nonRespondents).toBe(c.nonRespondents);
    expect(row.respondentShare).toBeCloseTo(c.respondents / c.totalRespondents, 12);
    expect(row.nonRespondentShare).toBeCloseTo(c.nonRespondents / c.totalNonRespondents, 12);
    const gap = 100 * (c.respondents / c.totalRespondents - c.nonRespondents / c.totalNonRespondents);
    expect(row.gapPoints).toBeCloseTo(gap, 10);
    const test = twoProportionZTest(
      { successes: c.respondents, n: c.totalRespondents },
      { successes: c.nonRespondents, n: c.totalNonRespondents },
    );
    expect(row.pValue).toBeCloseTo(test?.pValue ?? Number.NaN, 12);
    expect(row.flagged).toBe(Math.abs(gap) >= 5 && (test?.pValue ?? 1) < 0.05);
  }

  it("counts the invitations created in the range (local days) and agrees with the headline's response rate", async () => {
    const filter = filterFor(orgId);
    const result = await getNonResponse(filter);
    const chosen = selected(filter);
    expect(chosen.length).toBe(150 + 1 + 1 + 20);
    expect(result.invitations).toBe(chosen.length);
    expect(result.respondents).toBe(chosen.filter((i) => i.responded).length);
    expect(result.nonRespondents).toBe(chosen.filter((i) => !i.responded).length);
    expect(result.responseRate).toBeCloseTo(result.respondents / result.invitations, 12);
    const headline = await getHeadline(filter);
    expect(headline.responseRate).toEqual({ invitations: result.invitations, responded: result.respondents, rate: result.responseRate });
  });

  it("gives each region's share among respondents and non-respondents as counted from the rows", async () => {
    const filter = filterFor(orgId);
    const result = await getNonResponse(filter);
    for (const region of REGIONS) {
      expectRowMatches(find(result, "region", region), counts(filter, (a) => a.region === region));
    }
    const east = find(result, "region", "华东");
    expect(east?.gapPoints ?? 0).toBeGreaterThan(20);
    expect(east?.flagged).toBe(true);
    // Shares of one key add up to 1 on each side (every contact has a region).
    const regions = result.rows.filter((row) => row.key === "region");
    expect(regions.reduce((sum, row) => sum + (row.respondentShare ?? 0), 0)).toBeCloseTo(1, 12);
    expect(regions.reduce((sum, row) => sum + (row.nonRespondentShare ?? 0), 0)).toBeCloseTo(1, 12);
  });

  it("compares tier including the contacts without one, and small numeric keys value by value", async () => {
    const filter = filterFor(orgId);
    const result = await getNonResponse(filter);
    expectRowMatches(find(result, "tier", "gold"), counts(filter, (a) => a.tier === "gold"));
    expectRowMatches(find(result, "tier", "silver"), counts(filter, (a) => a.tier === "silver"));
    expectRowMatches(find(result, "tier", "", "missing"), counts(filter, (a) => a.tier === undefined));
    for (const children of [0, 1, 2, 3]) {
      expectRowMatches(find(result, "children", String(children)), counts(filter, (a) => a.children === children));
    }
    expect(result.rows.filter((row) => row.key === "children" && row.kind === "missing")).toEqual([]);
  });

  it("cuts a numeric key with many values into ranges that partition it, and skips text keys with many values", async () => {
    const filter = filterFor(orgId);
    const result = await getNonResponse(filter);
    const tenure = result.rows.filter((row) => row.key === "tenure").sort((a, b) => (a.range?.low ?? 0) - (b.range?.low ?? 0));
    expect(tenure.length).toBeGreaterThanOrEqual(4);
    expect(tenure.length).toBeLessThanOrEqual(5);
    let previousHigh = -Infinity;
    for (const row of tenure) {
      expect(row.kind).toBe("range");
      expect(row.range).not.toBeNull();
      const low = row.range?.low ?? Number.NaN;
      const high = row.range?.high ?? Number.NaN;
      expect(low).toBeGreaterThan(previousHigh);
      expect(row.value).toBe(low === high ? String(low) : `${low}–${high}`);
      expectRowMatches(row, counts(filter, (a) => typeof a.tenure === "number" && a.tenure >= low && a.tenure <= high));
      previousHigh = high;
    }
    expect(tenure[0]?.range?.low).toBe(0);
    expect(tenure[tenure.length - 1]?.range?.high).toBe(59);
    expect(tenure.reduce((sum, row) => sum + row.respondents + row.nonRespondents, 0)).toBe(result.invitations);
    expect(result.rows.some((row) => row.key === "customerId")).toBe(false);
    const distinctIds = new Set(selected(filter).map((invite) => contacts[invite.contactIndex]?.customerId)).size;
    expect(result.skippedKeys).toEqual([{ key: "customerId", distinctValues: distinctIds }]);
  });

  it("sorts by the largest absolute gap", async () => {
    const result = await getNonResponse(filterFor(orgId));
    const gaps = result.rows.map((row) => Math.abs(row.gapPoints ?? 0));
    expect(gaps).toEqual([...gaps].sort((a, b) => b - a));
    expect(result.rows[0]?.flagged).toBe(true);
    expect(result.thresholds).toEqual({ minGapPoints: 5, alpha: 0.05, maxDistinctValues: 30 });
  });

  it("applies the survey, channel and contact-attribute filters", async () => {
    for (const filter of [
      filterFor(orgId, { surveyIds: [otherSurveyId] }),
      filterFor(orgId, { channels: ["SMS"] }),
      filterFor(orgId, { attributes: { tier: ["gold"] } }),
      filterFor(orgId, { range: { from: "2026-04-30", to: "2026-04-30" } }),
    ]) {
      const result = await getNonResponse(filter);
      const chosen = selected(filter);
      expect(result.invitations).toBe(chosen.length);
      expect(result.respondents).toBe(chosen.filter((i) => i.responded).length);
      if (result.respondents > 0 && result.nonRespondents > 0) {
        for (const region of REGIONS) {
          const c = counts(filter, (a) => a.region === region);
          if (c.respondents + c.nonRespondents > 0) expectRowMatches(find(result, "region", region), c);
        }
      }
    }
    const gold = await getNonResponse(filterFor(orgId, { attributes: { tier: ["gold"] } }));
    expect(gold.rows.filter((row) => row.key === "tier").map((row) => [row.value, row.respondentShare, row.nonRespondentShare])).toEqual([["gold", 1, 1]]);
  });

  it("is empty, not an error, without invitations; one-sided shares are null", async () => {
    const empty = await getNonResponse(filterFor(orgId, { range: { from: "2025-01-01", to: "2025-01-31" } }));
    expect(empty).toMatchObject({ invitations: 0, respondents: 0, nonRespondents: 0, responseRate: null, rows: [], skippedKeys: [] });
    // Only 31 March local has one invitation, answered: nobody to compare it with.
    const oneSided = await getNonResponse(filterFor(orgId, { range: { from: "2026-03-31", to: "2026-03-31" } }));
    expect(oneSided.invitations).toBe(1);
    expect(oneSided.nonRespondents).toBe(0);
    for (const row of oneSided.rows) {
      expect(row.nonRespondentShare).toBeNull();
      expect(row.gapPoints).toBeNull();
      expect(row.pValue).toBeNull();
      expect(row.flagged).toBe(false);
    }
  });

  it("never counts another organisation's invitations", async () => {
    const other = await getNonResponse(filterFor(otherOrgId));
    expect(other.invitations).toBe(30);
    expect(other.respondents).toBe(29);
    expect(find(other, "region", "华东")).toMatchObject({ respondents: 29, nonRespondents: 1, respondentShare: 1, nonRespondentShare: 1, gapPoints: 0 });
    const mine = await getNonResponse(filterFor(orgId));
    expect(mine.invitations).toBe(selected(filterFor(orgId)).length);
  });
});
