/**
 * A case's number as people read it out and type it: "#" and the last 8 hex digits of its id (uuid v7: those
 * are random bits, so numbers do not follow the creation order and cannot be guessed from each other), upper
 * case. Not a key: two cases of one organisation may (rarely, ~1 in 10⁵ pairs at 100k cases) share a number,
 * and a search for it then lists both.
 */
export const CASE_REF_LENGTH = 8;

export function caseRef(id: string): string {
  return `#${id.replace(/-/g, "").slice(-CASE_REF_LENGTH).toUpperCase()}`;
}

/** The number part of a search text that looks like a case number ("#1A2B3C4D", "1a2b3c4d"), lower case; else null. */
export function parseCaseRef(text: string): string | null {
  const match = /^#?([0-9a-f]{8})$/i.exec(text.trim());
  return match?.[1] ? match[1].toLowerCase() : null;
}
