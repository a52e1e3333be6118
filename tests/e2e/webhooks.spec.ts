import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser } from "@playwright/test";
import { Webhook } from "standardwebhooks";
import { ADMIN_EMAIL, en, screenshotPath, signIn, unique, zh } from "./helpers";

// Settings → Webhooks: an admin adds an endpoint pointing at a receiver this test starts, sends a test event,
// sees it in the delivery log, and the request the receiver got verifies with the Standard Webhooks reference
// implementation. The e2e server runs with WEBHOOKS_ALLOW_PRIVATE_URLS=1 (the receiver is on 127.0.0.1).

test.describe.configure({ timeout: 240_000 });

type Received = { headers: IncomingHttpHeaders; body: string };

async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "application/json" });
      response.end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function adminPage(browser: Browser, locale: "en-US" | "zh-CN", width = 1280) {
  const context = await browser.newContext({ locale, viewport: { width, height: width < 500 ? 844 : 900 } });
  const page = await context.newPage();
  await signIn(page, ADMIN_EMAIL);
  return { context, page };
}

test("an admin adds a webhook endpoint, sends a test event, sees it delivered; the request verifies with standardwebhooks", async ({ browser }) => {
  const receiver = await startReceiver();
  try {
    const { context, page } = await adminPage(browser, "en-US");
    await page.goto("/settings/api-keys");
    await page.getByTestId("settings-tabs").getByRole("link", { name: en("webhooks.nav"), exact: true }).click();
    await page.waitForURL(/\/settings\/webhooks$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("webhooks.title"));

    const path = `/${unique("hook")}`;
    const form = page.getByTestId("create-webhook-form");
    await form.locator("#webhook-url").fill(`${receiver.url}${path}`);
    await form.locator("#webhook-description").fill("CRM (e2e)");
    await form.getByLabel("case.created").check();
    await form.getByRole("button", { name: en("webhooks.create.submit") }).click();
    const secretBox = page.getByTestId("webhook-secret");
    await expect(secretBox).toBeVisible();
    const secret = await page.getByTestId("webhook-secret-value").inputValue();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+={0,2}$/);

    const endpoint = page.getByTestId("webhook-endpoint").filter({ hasText: path });
    await expect(endpoint.getByTestId("webhook-state")).toHaveText(en("webhooks.state.active"));
    await endpoint.getByTestId("webhook-send-test").click();
    const row = endpoint.getByTestId("webhook-deliveries").locator("tbody tr").first();
    await expect(row).toContainText("webhook.test", { timeout: 30_000 });
    await expect(row.getByTestId("delivery-status")).toHaveText(en("webhooks.status.SUCCEEDED"));
    await expect(row.getByTestId("delivery-code")).toHaveText("200");

    const request = receiver.received.at(-1);
    expect(request).toBeDefined();
    const headers = {
      "webhook-id": String(request?.headers["webhook-id"]),
      "webhook-timestamp": String(request?.headers["webhook-timestamp"]),
      "webhook-signature": String(request?.headers["webhook-signature"]),
    };
    expect(new Webhook(secret).verify(request?.body ?? "", headers)).toMatchObject({ type: "webhook.test" });
    await page.screenshot({ path: screenshotPath("webhooks-en-desktop.png"), fullPage: true });

    // Replay from the log: a second request with the same webhook-id.
    await row.getByRole("button", { name: en("webhooks.log.replay") }).click();
    await expect.poll(() => receiver.received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(receiver.received.at(-1)?.headers["webhook-id"]).toBe(headers["webhook-id"]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.getByTestId("webhook-endpoints")).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath("webhooks-en-phone.png"), fullPage: true });
    await context.close();

    const zhAdmin = await adminPage(browser, "zh-CN", 390);
    await zhAdmin.page.goto("/settings/webhooks");
    await expect(zhAdmin.page.getByRole("heading", { level: 1 })).toHaveText(zh("webhooks.title"));
    await expect(zhAdmin.page.getByTestId("webhook-endpoint").filter({ hasText: path }).getByTestId("delivery-status").first()).toHaveText(zh("webhooks.status.SUCCEEDED"));
    expect(await zhAdmin.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await zhAdmin.page.screenshot({ path: screenshotPath("webhooks-zh-phone.png"), fullPage: true });
    await zhAdmin.page.setViewportSize({ width: 1280, height: 900 });
    await zhAdmin.page.goto("/settings/chat");
    await expect(zhAdmin.page.getByRole("heading", { level: 1 })).toHaveText(zh("chat.title"));
    await zhAdmin.page.screenshot({ path: screenshotPath("chat-zh-desktop.png"), fullPage: true });
    await zhAdmin.context.close();
  } finally {
    await receiver.close();
  }
});
