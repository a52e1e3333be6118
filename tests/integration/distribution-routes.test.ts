import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET as openPixel } from "@/app/s/[token]/open/route";
import { GET as unsubscribePage, POST as unsubscribePost } from "@/app/s/[token]/unsubscribe/route";
import { db } from "@/server/db";
import { createSurvey } from "@/server/surveys/create-survey";
import { createOrganization } from "./support/fixtures";

async function invitation(token: string) {
  const org = await createOrganization("Routes Bank");
  const survey = await createSurvey({ organizationId: org.id, userId: null, input: { name: "R", brandName: "银行<&>" } });
  const contact = await db.contact.create({ data: { organizationId: org.id, email: "route@example.com", locale: "zh-CN" } });
  return db.invitation.create({
    data: { organizationId: org.id, surveyId: survey.id, contactId: contact.id, token, channel: "EMAIL", queuedAt: new Date() },
  });
}

const ctx = (token: string) => ({ params: Promise.resolve({ token }) });
const url = (token: string, path: string) => new NextRequest(`http://localhost:3000/s/${token}/${path}`);

describe("the public email routes", () => {
  it("unsubscribe: GET confirms with a POST form (no change yet), POST unsubscribes once, unknown tokens are 404", async () => {
    const inv = await invitation("T".repeat(43));
    const page = await unsubscribePage(url(inv.token, "unsubscribe"), ctx(inv.token));
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("cache-control")).toBe("no-store");
    const html = await page.text();
    expect(html).toContain('<form method="post"');
    expect(html).toContain("银行&lt;&amp;&gt;");
    expect(html).not.toContain("<script");
    expect((await db.contact.findFirstOrThrow({ where: { id: inv.contactId } })).unsubscribedAt).toBeNull();

    const post = () =>
      unsubscribePost(
        new NextRequest(`http://localhost:3000/s/${inv.token}/unsubscribe`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded" },
          body: "List-Unsubscribe=One-Click",
        }),
        ctx(inv.token),
      );
    const done = await post();
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('data-testid="unsubscribed"');
    const first = await db.contact.findFirstOrThrow({ where: { id: inv.contactId } });
    expect(first.unsubscribedAt).not.toBeNull();
    expect((await post()).status).toBe(200);
    const second = await db.contact.findFirstOrThrow({ where: { id: inv.contactId } });
    expect(second.unsubscribedAt?.getTime()).toBe(first.unsubscribedAt?.getTime());
    expect((await db.invitation.findFirstOrThrow({ where: { id: inv.id } })).unsubscribedAt).not.toBeNull();

    expect((await unsubscribePage(url("U".repeat(43), "unsubscribe"), ctx("U".repeat(43)))).status).toBe(404);
    expect((await unsubscribePost(url("bad token!", "unsubscribe"), ctx("bad token!"))).status).toBe(404);
  });

  it("open pixel: a GIF every time, the first open recorded, never an error", async () => {
    const inv = await invitation("P".repeat(43));
    for (const token of [inv.token, inv.token, "nonsense", "Z".repeat(43)]) {
      const response = await openPixel(new Request(`http://localhost:3000/s/${token}/open`), ctx(token));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("image/gif");
      expect((await response.arrayBuffer()).byteLength).toBe(42);
    }
    const row = await db.invitation.findFirstOrThrow({ where: { id: inv.id } });
    expect(row.openedAt).not.toBeNull();
  });
});
