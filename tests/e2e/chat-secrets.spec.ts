import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, test, type Browser } from "@playwright/test";
import { ADMIN_EMAIL, en, screenshotPath, signIn, unique, zh } from "./helpers";

// Settings → Chat alerts with secrets encrypted at rest (issue 16): an admin adds a 飞书 bot subscribed to the weekly
// digest; the page shows the robot only by its host (its hook token is stored encrypted and never shown again), and
// a test message reaches the bot signed with the secret — the production server decrypts both. Desktop and phone,
// English and Chinese.

test.describe.configure({ timeout: 240_000 });

async function startBot() {
  const received: { path: string; body: string }[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ path: request.url ?? "", body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200, { "content-type": "application/json" });
      response.end('{"code":0,"msg":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function adminPage(browser: Browser, locale: "en-US" | "zh-CN", width: number) {
  const context = await browser.newContext({ locale, viewport: { width, height: width < 500 ? 844 : 900 } });
  const page = await context.newPage();
  await signIn(page, ADMIN_EMAIL);
  return { context, page };
}

test("a chat bot's hook token is never shown again; its test message arrives signed; the weekly digest can be chosen", async ({ browser }) => {
  const bot = await startBot();
  const token = unique("hooktoken");
  const secret = unique("feishu-secret");
  try {
    const { context, page } = await adminPage(browser, "en-US", 1280);
    await page.goto("/settings/chat");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(en("chat.title"));
    const form = page.getByTestId("create-chat-form");
    await form.locator("#chat-kind").selectOption("FEISHU");
    await form.locator("#chat-url").fill(`${bot.url}/open-apis/bot/v2/hook/${token}`);
    await form.locator("#chat-secret").fill(secret);
    await form.locator("#chat-locale").selectOption("en");
    await expect(form.getByLabel("digest.weekly")).toBeChecked();
    await form.getByLabel("response.detractor").uncheck();
    await form.getByRole("button", { name: en("chat.create.submit") }).click();

    const channel = page.getByTestId("webhook-endpoint").filter({ hasText: bot.host });
    await expect(channel).toBeVisible();
    await expect(channel).toContainText("digest.weekly");
    await expect(page.locator("body")).not.toContainText(token);
    await expect(page.locator("body")).not.toContainText(secret);

    await channel.getByTestId("webhook-send-test").click();
    await expect(channel.getByTestId("webhook-deliveries").locator("tbody tr").first().getByTestId("delivery-status")).toHaveText(en("webhooks.status.SUCCEEDED"), {
      timeout: 30_000,
    });
    const got = bot.received.at(-1);
    expect(got?.path).toBe(`/open-apis/bot/v2/hook/${token}`);
    const body = JSON.parse(got?.body ?? "{}") as { timestamp: string; sign: string; msg_type: string };
    expect(body.msg_type).toBe("post");
    expect(body.sign).toBe(createHmac("sha256", `${body.timestamp}\n${secret}`).update("").digest("base64"));
    await channel.scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath("chat-secrets-en-desktop.png"), fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await expect(page.getByTestId("webhook-endpoint").filter({ hasText: bot.host })).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.screenshot({ path: screenshotPath("chat-secrets-en-phone.png"), fullPage: true });
    await context.close();

    const zhAdmin = await adminPage(browser, "zh-CN", 390);
    await zhAdmin.page.goto("/settings/chat");
    await expect(zhAdmin.page.getByRole("heading", { level: 1 })).toHaveText(zh("chat.title"));
    const zhChannel = zhAdmin.page.getByTestId("webhook-endpoint").filter({ hasText: bot.host });
    await expect(zhChannel.getByTestId("delivery-status").first()).toHaveText(zh("webhooks.status.SUCCEEDED"));
    await expect(zhAdmin.page.locator("body")).not.toContainText(token);
    expect(await zhAdmin.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await zhAdmin.page.screenshot({ path: screenshotPath("chat-secrets-zh-phone.png"), fullPage: true });
    await zhAdmin.page.setViewportSize({ width: 1280, height: 900 });
    await zhAdmin.page.reload();
    await expect(zhChannel).toBeVisible();
    await zhAdmin.page.screenshot({ path: screenshotPath("chat-secrets-zh-desktop.png"), fullPage: true });
    await zhAdmin.context.close();
  } finally {
    await bot.close();
  }
});
