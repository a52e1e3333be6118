import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/s/[token]/route";
import { db } from "@/server/db";
import { createInvitation } from "@/server/distribution/create-invitation";
import { submitResponse } from "@/server/responses/submit-response";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization, rowCounts } from "./support/fixtures";

const ORIGIN = "http://localhost:3000";

function get(token: string, query = "", headers: Record<string, string> = {}) {
  return GET(new NextRequest(`${ORIGIN}/s/${token}${query}`, { headers }), { params: Promise.resolve({ token }) });
}

describe("GET /s/<token> — the respondent page ships no JavaScript", () => {
  let organizationId: string;
  let surveyId: string;
  let seq = 0;
  const invite = async (locale?: "zh-CN" | "en") => {
    seq += 1;
    const { invitation } = await createInvitation({ organizationId, surveyId, contact: { email: `page-${seq}@example.com`, locale } });
    return invitation.token;
  };

  beforeAll(async () => {
    organizationId = (await createOrganization("Respondent page")).id;
    surveyId = (await createSurvey({ organizationId, userId: null, input: { name: "Page", brandName: `<b>"Bank" & Co</b>` } })).id;
  });

  it("answers a complete HTML document with the 0–10 form, in the contact's language, with one small deferred enhancement script and no inline script", async () => {
    const token = await invite("zh-CN");
    const response = await get(token);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(response.headers.get("x-robots-tag")).toContain("noindex");
    const page = await response.text();
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page).toContain('<html lang="zh-CN">');
    // The form works without JavaScript; the only script is the deferred progressive enhancement.
    expect(page.match(/<script\b[^>]*>/gi)).toEqual(['<script src="/respondent.js" defer>']);
    expect(page).toMatch(/<script src="\/respondent.js" defer><\/script>/);
    expect(page).toContain(`action="/s/${token}/answer"`);
    expect(page.match(/type="radio" name="score"/g)).toHaveLength(11);
    // The brand is escaped wherever it appears.
    expect(page).not.toContain("<b>");
    expect(page).toContain("&lt;b&gt;&quot;Bank&quot; &amp; Co&lt;/b&gt;");
  });

  it("preselects a one-click ?score=N and records nothing", async () => {
    const token = await invite("en");
    const before = await rowCounts();
    const page = await (await get(token, "?score=9")).text();
    expect(page).toContain('<html lang="en">');
    expect(page).toMatch(/value="9" required checked/);
    expect(page.match(/ checked/g)).toHaveLength(1);
    expect(await rowCounts()).toEqual(before);
    expect((await db.invitation.findFirstOrThrow({ where: { token } })).respondedAt).toBeNull();
  });

  it("switches language with ?lang; without it a contact with no language sees the survey's language (their email's), not the browser's", async () => {
    const token = await invite();
    expect(await (await get(token, "?lang=en")).text()).toContain('<html lang="en">');
    const page = await (await get(token, "", { "accept-language": "en-GB,en;q=0.9" })).text();
    expect(page).toContain('<html lang="zh-CN">');
    // the switch to the other language stays on the page
    expect(page).toContain("lang=en");
  });

  it("shows the thank-you view after answering and a kind 'already answered' later", async () => {
    const token = await invite("en");
    await submitResponse({ token, input: { score: "10" } });
    const thanks = await (await get(token, "?done=1")).text();
    expect(thanks).toContain('data-testid="thanks"');
    expect(thanks).not.toContain('name="score"');
    const later = await (await get(token)).text();
    expect(later).toContain('data-testid="already-answered"');
  });

  it("answers unknown and malformed tokens with a 404 page in the browser's language", async () => {
    for (const token of ["Z".repeat(43), "bad token", "x"]) {
      const response = await get(encodeURIComponent(token), "", { "accept-language": "en-US" });
      expect(response.status).toBe(404);
      const page = await response.text();
      expect(page).toContain('data-testid="link-not-found"');
      expect(page).toContain('<html lang="en">');
    }
  });
});
