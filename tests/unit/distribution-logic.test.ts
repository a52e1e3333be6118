import { describe, expect, it } from "vitest";
import { renderInvitationEmail } from "@/emails/invitation-email";
import { newSampleSeed, sampleIds, sampleTarget } from "@/lib/sampling";
import { DAY_MS, effectiveThrottleDays, isThrottled, nextAllowedAt, nextReminder, throttleCutoff } from "@/lib/throttle";
import { seededRandom } from "@/lib/random";
import { createCampaignSchema, triggerInvitationsSchema } from "@/schemas/distribution";
import { tokenSchema } from "@/schemas/response";

const now = new Date("2026-06-30T12:00:00Z");

describe("throttle window", () => {
  it("uses the survey's override, else the organisation's; 0 or less switches it off", () => {
    expect(effectiveThrottleDays(30, null)).toBe(30);
    expect(effectiveThrottleDays(30, 7)).toBe(7);
    expect(effectiveThrottleDays(30, 0)).toBe(0);
    expect(effectiveThrottleDays(-3, undefined)).toBe(0);
    expect(throttleCutoff(now, 0)).toBeNull();
    expect(throttleCutoff(now, 30)?.toISOString()).toBe("2026-05-31T12:00:00.000Z");
  });

  it("blocks exactly inside the window, frees exactly at its end", () => {
    const last = new Date(now.getTime() - 30 * DAY_MS);
    expect(isThrottled(last, now, 30)).toBe(false);
    expect(isThrottled(new Date(last.getTime() + 1), now, 30)).toBe(true);
    expect(isThrottled(null, now, 30)).toBe(false);
    expect(isThrottled(now, now, 0)).toBe(false);
    expect(nextAllowedAt(now, 30).getTime() - now.getTime()).toBe(30 * DAY_MS);
  });

  it("schedules at most two reminders from the first send", () => {
    expect(nextReminder(now, 0, [])).toBeNull();
    expect(nextReminder(now, 0, [3, 7])).toEqual({ index: 0, dueAt: new Date(now.getTime() + 3 * DAY_MS) });
    expect(nextReminder(now, 1, [3, 7])).toEqual({ index: 1, dueAt: new Date(now.getTime() + 7 * DAY_MS) });
    expect(nextReminder(now, 2, [3, 7, 9])).toBeNull();
  });
});

describe("sampling", () => {
  it("targets all, a size (capped) or a percentage (rounded up, at least one)", () => {
    expect(sampleTarget(1000, {})).toBe(1000);
    expect(sampleTarget(1000, { sampleSize: 50 })).toBe(50);
    expect(sampleTarget(20, { sampleSize: 50 })).toBe(20);
    expect(sampleTarget(1000, { samplePercent: 10 })).toBe(100);
    expect(sampleTarget(1001, { samplePercent: 10 })).toBe(101);
    expect(sampleTarget(3, { samplePercent: 1 })).toBe(1);
    expect(sampleTarget(0, { samplePercent: 50 })).toBe(0);
    expect(sampleTarget(10, { samplePercent: 250 })).toBe(10);
  });

  it("draws reproducibly per seed and without bias", () => {
    const ids = Array.from({ length: 100 }, (_, i) => `id-${i}`);
    expect(sampleIds(ids, 10, "abc")).toEqual(sampleIds(ids, 10, "abc"));
    expect(sampleIds(ids, 10, "abc")).not.toEqual(sampleIds(ids, 10, "abd"));
    expect(new Set(sampleIds(ids, 10, "abc")).size).toBe(10);
    // Each id is drawn about equally often over many seeds (10 % each).
    const random = seededRandom(42);
    const hits = new Map<string, number>();
    const runs = 2000;
    for (let run = 0; run < runs; run += 1) for (const id of sampleIds(ids, 10, newSampleSeed(random))) hits.set(id, (hits.get(id) ?? 0) + 1);
    for (const id of ids) {
      const share = (hits.get(id) ?? 0) / runs;
      expect(share).toBeGreaterThan(0.06);
      expect(share).toBeLessThan(0.14);
    }
    expect(newSampleSeed()).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("invitation email", () => {
  const token = "A".repeat(43);
  const base = { brand: `Bank "<script>alert(1)</script>" & Co`, appUrl: "https://nps.example/", token };

  it("speaks the invitation's language, then the contact's, then the survey default", () => {
    expect(renderInvitationEmail({ ...base, locales: ["en", "zh-CN", "zh-CN"] }).locale).toBe("en");
    expect(renderInvitationEmail({ ...base, locales: [null, "zh-CN", "en"] }).locale).toBe("zh-CN");
    expect(renderInvitationEmail({ ...base, locales: [null, undefined, "en"] }).locale).toBe("en");
    const zh = renderInvitationEmail({ ...base, locales: ["zh-CN"], contactName: "王芳" });
    expect(zh.subject).toContain("您有多大可能");
    expect(zh.text).toContain("尊敬的王芳");
    expect(zh.html).toContain('lang="zh-CN"');
    const en = renderInvitationEmail({ ...base, locales: ["en"] });
    expect(en.text).toContain("How likely are you to recommend Bank");
  });

  it("has 11 one-click score links in both parts, a pixel, and the unsubscribe link and headers", () => {
    const mail = renderInvitationEmail({ ...base, locales: ["en"] });
    expect(mail.links.scores).toHaveLength(11);
    for (let score = 0; score <= 10; score += 1) {
      const url = `https://nps.example/s/${token}?score=${score}`;
      expect(mail.links.scores[score]).toBe(url);
      expect(mail.html).toContain(`href="${url}"`);
      expect(mail.text).toContain(url);
    }
    expect(mail.html.match(/data-score="/g)).toHaveLength(11);
    expect(mail.html).toContain(`<img src="https://nps.example/s/${token}/open" width="1" height="1"`);
    expect(mail.html).toContain(`href="https://nps.example/s/${token}/unsubscribe"`);
    expect(mail.text).toContain(`https://nps.example/s/${token}/unsubscribe`);
    expect(mail.headers).toEqual({
      "List-Unsubscribe": `<https://nps.example/s/${token}/unsubscribe>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "Content-Language": "en",
    });
    expect(tokenSchema.safeParse(token).success).toBe(true);
  });

  it("escapes every user text in the HTML part", () => {
    const mail = renderInvitationEmail({
      ...base,
      locales: ["en"],
      contactName: "<img src=x onerror=alert(1)>",
      question: { en: "Would you recommend {brand}? <b>really</b>" },
    });
    expect(mail.html).not.toContain("<script>");
    expect(mail.html).not.toContain("<img src=x");
    expect(mail.html).not.toContain("<b>really</b>");
    expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(mail.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(mail.html).toContain("Would you recommend Bank &quot;&lt;script&gt;");
  });

  it("words reminders differently", () => {
    const mail = renderInvitationEmail({ ...base, locales: ["zh-CN"], reminder: true });
    expect(mail.subject).toContain("温馨提醒");
  });
});

describe("distribution schemas", () => {
  const surveyId = "0190f3c4-1234-7abc-8def-0123456789ab";
  it("accepts a campaign and refuses both a size and a percentage, or decreasing reminder days", () => {
    expect(createCampaignSchema.safeParse({ surveyId, name: "Q3", audience: { kind: "all" } }).success).toBe(true);
    expect(createCampaignSchema.safeParse({ surveyId, name: "Q3", audience: { kind: "all" }, sampleSize: 5, samplePercent: 5 }).success).toBe(false);
    expect(createCampaignSchema.safeParse({ surveyId, name: "Q3", audience: { kind: "all" }, reminderDays: [7, 3] }).success).toBe(false);
    expect(createCampaignSchema.safeParse({ surveyId, name: "Q3", audience: { kind: "all" }, reminderDays: [1, 2, 3] }).success).toBe(false);
    expect(createCampaignSchema.safeParse({ surveyId, name: "Q3", audience: { kind: "filter", attributes: {} } }).success).toBe(false);
  });

  it("validates trigger bodies", () => {
    expect(triggerInvitationsSchema.safeParse({ contacts: [{ email: " A@Example.COM " }] }).data?.contacts[0]?.email).toBe("a@example.com");
    expect(triggerInvitationsSchema.safeParse({ contacts: [{ email: "nope" }] }).success).toBe(false);
    expect(triggerInvitationsSchema.safeParse({ contacts: [] }).success).toBe(false);
    expect(triggerInvitationsSchema.safeParse({ contacts: [{ email: "a@b.co" }], delaySeconds: 31 * 86_400 }).success).toBe(false);
  });
});
