/**
 * Where a theme's keywords occur in a comment, for highlighting its verbatims. Works on the text as written (the
 * display text): a Chinese keyword (or each part of an `A&B` keyword) is found as a substring, an English one as
 * a word starting with its stem, case-insensitively ("crash" marks "crashes"). Exclusions are not applied: this only
 * shows the reader where to look, the theme itself comes from the stored reading. Pure, isomorphic.
 */
import { isCjk } from "./normalize";
import { stemWord } from "./tokenize";

export type TextSegment = { text: string; hit: boolean };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** One pattern per keyword part: CJK as is, English words by stem prefix with the words in between free. */
function partPattern(part: string): string | null {
  const text = part.normalize("NFKC").trim().toLowerCase();
  if (!text) return null;
  if (isCjk(text.replace(/\s+/gu, ""))) return escapeRegExp(text.replace(/\s+/gu, ""));
  const words = text.match(/[a-z0-9]+/gu);
  if (!words) return escapeRegExp(text);
  return `\\b${words.map((w) => `${escapeRegExp(stemWord(w))}[a-z0-9]*`).join("[\\s-]+")}`;
}

/** The comment split into plain and highlighted runs (concatenated they give the comment back unchanged). */
export function highlightSegments(text: string, keywords: readonly string[]): TextSegment[] {
  const patterns = [...new Set(keywords.flatMap((k) => k.split("&")).map(partPattern).filter((p): p is string => p !== null))];
  if (!text || patterns.length === 0) return text ? [{ text, hit: false }] : [];
  // Longest first, so 排长队 wins over 排 when both would start at the same place.
  patterns.sort((a, b) => b.length - a.length);
  const regex = new RegExp(patterns.join("|"), "giu");
  const segments: TextSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(regex)) {
    const at = match.index;
    if (match[0].length === 0) continue;
    if (at > last) segments.push({ text: text.slice(last, at), hit: false });
    segments.push({ text: match[0], hit: true });
    last = at + match[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), hit: false });
  return segments;
}
