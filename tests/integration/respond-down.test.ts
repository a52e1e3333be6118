import { describe, expect, it } from "vitest";

// As health-down.test.ts: this file's worker points the app at a port where no database listens. The
// respondent's routes must then answer 503 with Retry-After — never 500 — and the form's answer is kept.
process.env.DATABASE_URL = "postgresql://postgres:postgres@127.0.0.1:1/nothing_here";

const TOKEN = "AbCdEfGhIjKlMnOpQrStUv12";

async function routes() {
  const { NextRequest } = await import("next/server");
  const answer = await import("@/app/s/[token]/answer/route");
  const page = await import("@/app/s/[token]/route");
  const params = { params: Promise.resolve({ token: TOKEN }) };
  const post = (body: string, headers: Record<string, string>) =>
    answer.POST(new NextRequest(`http://localhost:3000/s/${TOKEN}/answer`, { method: "POST", body, headers }), params);
  const get = () => page.GET(new NextRequest(`http://localhost:3000/s/${TOKEN}?lang=en`, { headers: { "accept-language": "en" } }), params);
  return { post, get };
}

function retryAfter(response: Response): number {
  const value = Number(response.headers.get("retry-after"));
  expect(Number.isInteger(value)).toBe(true);
  return value;
}

describe("the respondent's routes without a database", () => {
  it("a step-1 form post answers 503 + Retry-After with a retry page keeping the score and comment", async () => {
    const { post } = await routes();
    const started = Date.now();
    const body = new URLSearchParams({ score: "6", comment: "排队 <太久> & 慢", locale: "zh-CN", consent: "on" }).toString();
    const response = await post(body, { "content-type": "application/x-www-form-urlencoded" });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(response.status).toBe(503);
    expect(retryAfter(response)).toBeGreaterThanOrEqual(1);
    expect(response.headers.get("content-type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain('data-testid="retry-form"');
    expect(html).toContain(`action="/s/${TOKEN}/answer"`);
    expect(html).toContain(`data-retry-after="${response.headers.get("retry-after")}"`);
    expect(html).toMatch(/value="6" required checked/);
    expect(html).toContain("排队 &lt;太久&gt; &amp; 慢</textarea>");
    expect(html).toContain('<input type="hidden" name="consent" value="on">');
    expect(html).toContain('<input type="hidden" name="locale" value="zh-CN">');
    expect(html).toContain("您的回答暂未保存");
    expect(html).toContain('<script src="/respondent.js" defer></script>');
  });

  it("a step-2 form post keeps every answer as hidden fields, in English when asked", async () => {
    const { post } = await routes();
    const body = new URLSearchParams([["step", "drivers"], ["locale", "en"], ["r", "k"], ["q_liked", "speed"], ["q_liked", "price"]]).toString();
    const response = await post(body, { "content-type": "application/x-www-form-urlencoded" });
    expect(response.status).toBe(503);
    retryAfter(response);
    const html = await response.text();
    expect(html).toContain('<input type="hidden" name="q_liked" value="speed"><input type="hidden" name="q_liked" value="price">');
    expect(html).toContain('<input type="hidden" name="step" value="drivers">');
    expect(html).toContain("We could not save your answer yet");
  });

  it("JSON answers 503 {error: {code: unavailable}} with Retry-After", async () => {
    const { post } = await routes();
    const response = await post(JSON.stringify({ score: 9 }), { "content-type": "application/json" });
    expect(response.status).toBe(503);
    retryAfter(response);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("unavailable");
    expect(body.error.message.length).toBeGreaterThan(0);
  });

  it("the page itself answers 503 + Retry-After with a way to try again", async () => {
    const { get } = await routes();
    const response = await get();
    expect(response.status).toBe(503);
    retryAfter(response);
    const html = await response.text();
    expect(html).toContain('data-testid="unavailable"');
    expect(html).toContain(`href="/s/${TOKEN}?lang=en"`);
  });

  it("an API route wrapped by handleRoute answers 503 unavailable, not 500", async () => {
    const { handleRoute } = await import("@/server/http/respond");
    const { db } = await import("@/server/db");
    const route = handleRoute(async () => {
      await db.$queryRaw`SELECT 1`;
      return new Response("never");
    });
    const response = await route();
    expect(response.status).toBe(503);
    retryAfter(response);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unavailable");
  });
});
