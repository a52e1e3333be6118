import "server-only";
import { escapeHtml } from "@/lib/html";

/**
 * A tiny self-contained HTML page for answers to plain form posts (no JavaScript on the respondent's side):
 * every value is escaped here, so callers pass plain text.
 */
export function htmlMessagePage(options: {
  status: number;
  lang: string;
  title: string;
  message: string;
  link?: { href: string; label: string };
}): Response {
  const link = options.link
    ? `<p><a href="${escapeHtml(options.link.href)}">${escapeHtml(options.link.label)}</a></p>`
    : "";
  const body = `<!doctype html>
<html lang="${escapeHtml(options.lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<style>body{font-family:system-ui,-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;background:#f8fafc;color:#0f172a;margin:0;padding:2rem 1rem}
main{max-width:32rem;margin:0 auto;background:#fff;border:1px solid #e2e8f0;border-radius:1rem;padding:1.5rem}
h1{font-size:1.25rem;margin:0 0 .75rem}a{color:#1d4ed8;font-weight:600}</style></head>
<body><main role="alert"><h1>${escapeHtml(options.title)}</h1><p>${escapeHtml(options.message)}</p>${link}</main></body></html>`;
  return new Response(body, {
    status: options.status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" },
  });
}
