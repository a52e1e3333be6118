import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/s/[token]/route";
import { renderInvitationEmail } from "@/emails/invitation-email";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { getUnsubscribeTarget } from "@/server/distribution/unsubscribe";
import { createSurvey } from "@/server/surveys/create-survey";
import { getSurveyContent } from "@/server/surveys/get-survey-content";
import { updateSurveyContent } from "@/server/surveys/update-survey-content";
import { createOrganization } from "./support/fixtures";

const ORIGIN = "http://localhost:3000";

/** The English respondent page read "recommend 示例银行 to a friend": a survey's brand is named per language. */
describe("a survey's brand per language", () => {
  let organizationId: string;
  let surveyId: string;
  let seq = 0;
  const invite = async (locale: "zh-CN" | "en") => {
    seq += 1;
    const { invitation } = await createInvitation({ organizationId, surveyId, contact: { email: `brand-${seq}@example.com`, locale } });
    return invitation.token;
  };
  const page = async (token: string) =>
    (await GET(new NextRequest(`${ORIGIN}/s/${token}`), { params: Promise.resolve({ token }) })).text();

  beforeAll(async () => {
    organizationId = (await createOrganization("Brand per language")).id;
    surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Brand", brandName: "示例银行" } })).id;
    // Saved the way the builder saves: the whole content with a name per language (a blank one is dropped).
    const { content } = await getSurveyContent({ organizationId, surveyId });
    expect(content.brandNames).toEqual({});
    const saved = await updateSurveyContent({ organizationId, surveyId, userId: null, input: { ...content, brandNames: { en: " Demo Bank ", "zh-CN": "" } } });
    expect(saved.changed).toBe(true);
  });

  it("the builder's content keeps the names per language", async () => {
    const { content } = await getSurveyContent({ organizationId, surveyId });
    expect(content.brandName).toBe("示例银行");
    expect(content.brandNames).toEqual({ en: "Demo Bank" });
  });

  it("the English respondent page names the English brand; the Chinese one the default brand", async () => {
    const en = await page(await invite("en"));
    expect(en).toContain('<html lang="en">');
    expect(en).toContain("Demo Bank");
    expect(en).not.toContain("示例银行");
    const zh = await page(await invite("zh-CN"));
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain("示例银行");
    expect(zh).not.toContain("Demo Bank");
  });

  it("the invitation email and the unsubscribe page use the brand of their language", async () => {
    const survey = await db.survey.findUniqueOrThrow({ where: { organizationId_id: { organizationId, id: surveyId } } });
    const en = renderInvitationEmail({ locales: ["en"], brand: survey.brandName, brandNames: survey.brandNames, appUrl: ORIGIN, token: "t" });
    expect(en.subject).toContain("Demo Bank");
    expect(en.html + en.text).not.toContain("示例银行");
    const zh = renderInvitationEmail({ locales: ["zh-CN"], brand: survey.brandName, brandNames: survey.brandNames, appUrl: ORIGIN, token: "t" });
    expect(zh.subject).toContain("示例银行");
    expect((await getUnsubscribeTarget(await invite("en")))?.brand).toBe("Demo Bank");
    expect((await getUnsubscribeTarget(await invite("zh-CN")))?.brand).toBe("示例银行");
  });
});
