/**
 * Regression: a relationship survey posted with a leftover touchpoint (kind switched back in the builder)
 * must be stored, compared and recorded in its revision without it.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalJson } from "@/lib/survey-content";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { updateSurveyContent } from "@/server/surveys/update-survey-content";
import { contentOf, createUser } from "./support/authoring";
import { createOrganization } from "./support/fixtures";

let organizationId: string;
let userId: string;

beforeAll(async () => {
  organizationId = (await createOrganization("Authoring Bugs")).id;
  userId = (await createUser("bugs")).id;
});

describe("a relationship survey saved with a leftover touchpoint", () => {
  // The builder can send kind RELATIONSHIP with the touchpoint field still filled (e.g. after switching the
  // kind). The survey row stores touchpoint null, but the comparison and the revision use the posted value.
  it("is stored once: the revision records what was stored, and saving the same content again changes nothing", async () => {
    const survey = await createSurvey({ organizationId, userId, input: { name: "Relationship", brandName: "B" } });
    const content = await contentOf(organizationId, survey.id);
    const posted = { ...content, name: "Relationship (renamed)", touchpoint: "开户" };

    expect(await updateSurveyContent({ organizationId, surveyId: survey.id, userId, input: posted })).toEqual({ changed: true, version: 2 });
    const stored = await contentOf(organizationId, survey.id);
    expect(stored.touchpoint).toBeNull();
    const revision = await db.surveyRevision.findFirstOrThrow({ where: { surveyId: survey.id, version: 2 } });
    expect(canonicalJson(revision.content)).toBe(canonicalJson(stored));

    // The very same request again: nothing changed, so no new version and no new revision.
    expect(await updateSurveyContent({ organizationId, surveyId: survey.id, userId, input: posted })).toEqual({ changed: false, version: 2 });
    expect(await db.surveyRevision.count({ where: { surveyId: survey.id } })).toBe(2);
    expect((await db.survey.findFirstOrThrow({ where: { id: survey.id } })).version).toBe(2);
  });
});
