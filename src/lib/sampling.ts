/**
 * Audience sampling (relationship surveys go to a random sample of the base). Pure: the target size here,
 * the draw itself in SQL (ORDER BY md5(seed || id) — a seeded, uniform random permutation).
 */
export type SampleSpec = { sampleSize?: number | null; samplePercent?: number | null };

/** How many of `audience` contacts to draw: all of them, a fixed size, or a percentage (rounded up, at least 1 of a non-empty audience). */
export function sampleTarget(audience: number, spec: SampleSpec): number {
  const total = Math.max(0, Math.floor(audience));
  if (spec.sampleSize != null) return Math.min(total, Math.max(0, Math.floor(spec.sampleSize)));
  if (spec.samplePercent != null) {
    const percent = Math.min(100, Math.max(0, spec.samplePercent));
    if (percent === 0 || total === 0) return 0;
    return Math.min(total, Math.max(1, Math.ceil((total * percent) / 100)));
  }
  return total;
}

/** A random 16-hex-digit seed, stored with the campaign so its draw can be reproduced. */
export function newSampleSeed(random: () => number = Math.random): string {
  let out = "";
  for (let i = 0; i < 16; i += 1) out += Math.floor(random() * 16).toString(16);
  return out;
}

/**
 * The same draw as the SQL, for checks and small in-memory lists: order ids by a seeded hash and take `n`.
 * Uses FNV-1a with murmur3's finaliser (not md5) — reproducible here, not meant to equal the database's order.
 */
export function sampleIds<T extends string>(ids: readonly T[], n: number, seed: string): T[] {
  const keyed = ids.map((id) => ({ id, key: fnv1a(`${seed}:${id}`) }));
  keyed.sort((a, b) => a.key - b.key || (a.id < b.id ? -1 : 1));
  return keyed.slice(0, Math.max(0, n)).map((entry) => entry.id);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // murmur3's finaliser: FNV alone leaves ids that differ only at the end correlated.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b) >>> 0;
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
  hash ^= hash >>> 16;
  return hash >>> 0;
}
