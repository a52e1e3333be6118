/**
 * One normal form for matching customers' comments: Unicode NFKC (full-width letters and digits → ASCII),
 * Traditional Chinese → Simplified (OpenCC's Hong Kong/Taiwan → mainland tables, so 櫃員 matches 柜员), Latin
 * lower-cased, whitespace collapsed. Display always uses the original text; this is for tokens and rules only.
 */
import { Converter } from "opencc-js";

const toSimplified = Converter({ from: "hk", to: "cn" });
const twToSimplified = Converter({ from: "tw", to: "cn" });

export function normalizeText(text: string): string {
  const nfkc = text.normalize("NFKC");
  // Convert only when the text has CJK ideographs (the converters walk every character).
  const simplified = /[\u3400-\u9fff\uf900-\ufaff]/u.test(nfkc) ? twToSimplified(toSimplified(nfkc)) : nfkc;
  return simplified.toLowerCase().replace(/\s+/gu, " ").trim();
}

/** True for a string made of CJK ideographs only (a Chinese keyword is matched as a substring). */
export function isCjk(word: string): boolean {
  return /^[\u3400-\u9fff\uf900-\ufaff]+$/u.test(word);
}
