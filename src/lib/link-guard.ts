/**
 * Pure rules that keep public links / QR codes and email links honest (docs/decisions/0015): the rate limits of
 * anonymous answers (client addresses keyed by addressKey in sign-in-throttle.ts), how a burst of answers is
 * recognised, and which requests of an email's links are mail scanners rather than people.
 */

/** Anonymous answers one client address may store through one public link within the window. */
export const PER_ADDRESS_LIMIT = 20;
export const PER_ADDRESS_WINDOW_SECONDS = 10 * 60;
/** Anonymous answers one public link stores within the window, from everyone together. */
export const PER_LINK_LIMIT = 300;
export const PER_LINK_WINDOW_SECONDS = 60;
/** How long a public form's one-time key is accepted after the page issued it. */
export const FORM_KEY_MAX_AGE_SECONDS = 24 * 60 * 60;

/** Seconds until the oldest counted answer leaves the window (at least 1): the 429's Retry-After. */
export function retryAfterFor(oldestInWindow: Date | null, windowSeconds: number, now: Date): number {
  if (!oldestInWindow) return windowSeconds;
  const seconds = Math.ceil((oldestInWindow.getTime() + windowSeconds * 1000 - now.getTime()) / 1000);
  return Math.min(windowSeconds, Math.max(1, seconds));
}

/** An hour of a link's answers is a burst when it has at least this many answers… */
export const BURST_MIN_ANSWERS = 20;
/** …and either this many times the link's typical (median) busy hour, or most of them from one address. */
export const BURST_FACTOR = 5;
export const BURST_SINGLE_ADDRESS_SHARE = 0.5;

export type LinkHour = { answers: number; topAddressAnswers: number };

/**
 * Flags the hours of one link that look like a burst of suspicious answers: many answers in the hour, and either
 * far above the link's median hour or mostly from one address. `hours` are the link's hours with answers.
 */
export function flagBursts<T extends LinkHour>(hours: T[]): (T & { burst: boolean })[] {
  const sorted = hours.map((h) => h.answers).sort((a, b) => a - b);
  const median = sorted.length ? (sorted[Math.floor((sorted.length - 1) / 2)] ?? 0) : 0;
  return hours.map((hour) => ({
    ...hour,
    burst:
      hour.answers >= BURST_MIN_ANSWERS &&
      (hour.answers >= BURST_FACTOR * Math.max(1, median) || hour.topAddressAnswers / hour.answers >= BURST_SINGLE_ADDRESS_SHARE),
  }));
}

/** Seconds within which opens of different links of one email are a scanner following every link, not a person. */
export const SCANNER_WINDOW_SECONDS = 15;

/** User agents of link checkers, mail security gateways, previewers and scripts (not people's browsers). */
const SCANNER_AGENT =
  /bot\b|bot\/|crawler|spider|slurp|preview|scanner|scan\b|barracuda|proofpoint|mimecast|safelinks|symantec|messagelabs|forcepoint|trendmicro|trend micro|sophos|fortinet|fortiguard|ironport|cisco|zscaler|checkpoint|paloalto|microsoft office|ms-office|outlook-ios|google-safety|phantomjs|curl\/|wget\/|python|go-http-client|java\/|okhttp|axios|node-fetch|undici|libwww|httpclient|postman/i;

/**
 * True for the user agent of a known link checker, mail security gateway, previewer or script. (A missing user
 * agent is not taken as proof: some privacy tools strip it.)
 */
export function isScannerAgent(userAgent: string | null | undefined): boolean {
  const agent = userAgent?.trim() ?? "";
  return agent !== "" && SCANNER_AGENT.test(agent);
}

/** Which of the email's links a request of `/s/<token>` is: the one-click score or "" for the plain link. */
export function emailLinkKey(score: string | null): string {
  return score !== null && /^(10|[0-9])$/.test(score) ? score : "";
}

/**
 * An email's HTML without its open-tracking image (`<img src=".../s/<token>/open">`): the dev mailbox shows
 * messages this way, so reading one there does not count as the recipient opening it.
 */
export function withoutOpenPixel(html: string): string {
  return html.replace(/<img\b[^>]*\bsrc\s*=\s*["'][^"']*\/s\/[A-Za-z0-9_%-]+\/open["'][^>]*>/gi, "");
}
