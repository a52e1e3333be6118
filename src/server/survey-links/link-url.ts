import type { QrFormat } from "@/schemas/survey-link";

/** Where a public link's respondents go: `${origin}/s/${token}` (the respondent page resolves the token). */
export function publicLinkUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, "")}/s/${encodeURIComponent(token)}`;
}

const FILENAME_MAX = 60;

/**
 * The download's file name, as a Content-Disposition value: an ASCII `filename` every browser accepts
 * (the name's ASCII letters and digits, "link" when there are none) and a UTF-8 `filename*` (RFC 6266 /
 * RFC 5987) that keeps a Chinese name such as "浦东支行柜台". Quotes, slashes, control characters and
 * other characters that could break the header or a file system are dropped.
 */
export function qrContentDisposition(name: string, format: QrFormat): string {
  const cleaned = name
    .normalize("NFC")
    .replace(/[\p{Cc}\p{Cf}"'\\/:*?<>|;,%]/gu, " ")
    .trim()
    .replace(/\s+/g, "-")
    .slice(0, FILENAME_MAX);
  const ascii = cleaned
    .normalize("NFKD")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .toLowerCase();
  const base = `qr-${ascii === "" ? "link" : ascii}`;
  const unicode = `qr-${cleaned === "" ? "link" : cleaned}`;
  return `attachment; filename="${base}.${format}"; filename*=UTF-8''${encodeRfc5987(`${unicode}.${format}`)}`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
