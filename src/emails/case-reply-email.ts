import { html } from "@/lib/html";

/** The owner's reply to the customer: the edited template text as escaped HTML paragraphs and as plain text. */
export function renderCaseReplyEmail(input: { locale: string; subject: string; body: string }): { subject: string; html: string; text: string } {
  const paragraphs = input.body
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== "");
  const markup = html`<!doctype html><html lang="${input.locale}"><head><meta charset="utf-8"><title>${input.subject}</title></head><body style="font:15px/1.6 Arial,'PingFang SC','Microsoft YaHei',sans-serif;color:#0f172a">${paragraphs.map(
    (paragraph) => html`<p>${paragraph.split("\n").map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}</p>`,
  )}</body></html>`;
  return { subject: input.subject.replace(/[\r\n]+/g, " ").trim(), html: markup.toString(), text: `${input.body.replace(/\r\n?/g, "\n").trim()}\n` };
}
