/**
 * Kano model (Kano et al., 1984): each feature is asked twice — how the respondent feels if the feature is
 * present (functional) and if it is absent (dysfunctional) — and the answer pair is classified with the
 * standard Kano evaluation table. Pure, isomorphic, no I/O.
 */

/** The five standard answers, in the order of the evaluation table's rows and columns. */
export const KANO_ANSWERS = ["like", "must-be", "neutral", "live-with", "dislike"] as const;
export type KanoAnswer = (typeof KANO_ANSWERS)[number];

/**
 * A attractive, O one-dimensional, M must-be, I indifferent, R reverse, Q questionable.
 * Listed in the order used to break ties for the mode: M > O > A > I > R > Q.
 */
export const KANO_CATEGORIES = ["M", "O", "A", "I", "R", "Q"] as const;
export type KanoCategory = (typeof KANO_CATEGORIES)[number];

export type KanoPair = { functional: KanoAnswer; dysfunctional: KanoAnswer };

export type KanoSummary = {
  /** Number of answer pairs. */
  n: number;
  counts: Record<KanoCategory, number>;
  /** Most frequent category; ties broken M > O > A > I > R > Q; null when n = 0. */
  mode: KanoCategory | null;
  /** Better (satisfaction) coefficient (A+O)/(A+O+M+I), 0..1; null when A+O+M+I = 0. */
  better: number | null;
  /** Worse (dissatisfaction) coefficient −(O+M)/(A+O+M+I), −1..0; null when A+O+M+I = 0. */
  worse: number | null;
};

/** Rows = functional answer, columns = dysfunctional answer, both in KANO_ANSWERS order. */
const EVALUATION_TABLE: Record<KanoAnswer, readonly [KanoCategory, KanoCategory, KanoCategory, KanoCategory, KanoCategory]> = {
  like: ["Q", "A", "A", "A", "O"],
  "must-be": ["R", "I", "I", "I", "M"],
  neutral: ["R", "I", "I", "I", "M"],
  "live-with": ["R", "I", "I", "I", "M"],
  dislike: ["R", "R", "R", "R", "Q"],
};

export function isKanoAnswer(value: unknown): value is KanoAnswer {
  return typeof value === "string" && (KANO_ANSWERS as readonly string[]).includes(value);
}

function answerIndex(value: unknown, role: "functional" | "dysfunctional"): number {
  if (!isKanoAnswer(value)) {
    throw new RangeError(`Invalid Kano ${role} answer ${JSON.stringify(value) ?? String(value)}; expected one of ${KANO_ANSWERS.join(", ")}`);
  }
  return KANO_ANSWERS.indexOf(value);
}

/** Classifies one functional/dysfunctional answer pair. Throws RangeError on an unknown answer. */
export function classifyKano(functional: KanoAnswer, dysfunctional: KanoAnswer): KanoCategory {
  answerIndex(functional, "functional");
  const column = answerIndex(dysfunctional, "dysfunctional");
  const category = EVALUATION_TABLE[functional][column];
  if (category === undefined) throw new RangeError(`Invalid Kano dysfunctional answer ${String(dysfunctional)}`);
  return category;
}

/** Counts, mode and Better–Worse coefficients (Berger et al., 1993) for one feature's answer pairs. */
export function summarizeKano(pairs: readonly KanoPair[]): KanoSummary {
  const counts: Record<KanoCategory, number> = { M: 0, O: 0, A: 0, I: 0, R: 0, Q: 0 };
  for (const pair of pairs) counts[classifyKano(pair.functional, pair.dysfunctional)] += 1;
  return summarizeKanoCategories(counts);
}

/** How many respondents gave one functional/dysfunctional answer pair (e.g. a GROUP BY row from the database). */
export type KanoPairCount = KanoPair & { count: number };

/**
 * The same summary as summarizeKano, from counts per answer pair instead of one entry per respondent:
 * summarizeKanoCounts([{ ...pair, count: k }]) equals summarizeKano(k copies of pair). Pairs may repeat (their
 * counts add up). Throws RangeError on an unknown answer or a count that is not a non-negative integer.
 */
export function summarizeKanoCounts(pairCounts: readonly KanoPairCount[]): KanoSummary {
  const counts: Record<KanoCategory, number> = { M: 0, O: 0, A: 0, I: 0, R: 0, Q: 0 };
  for (const { functional, dysfunctional, count } of pairCounts) {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`Kano pair count must be a non-negative integer, got ${String(count)}`);
    counts[classifyKano(functional, dysfunctional)] += count;
  }
  return summarizeKanoCategories(counts);
}

/** Mode and Better–Worse coefficients from the number of answers per category; n = the sum of the counts. */
export function summarizeKanoCategories(categoryCounts: Readonly<Record<KanoCategory, number>>): KanoSummary {
  const counts: Record<KanoCategory, number> = { ...categoryCounts };
  let n = 0;
  for (const category of KANO_CATEGORIES) {
    if (!Number.isSafeInteger(counts[category]) || counts[category] < 0) {
      throw new RangeError(`Kano count for ${category} must be a non-negative integer, got ${String(counts[category])}`);
    }
    n += counts[category];
  }

  let mode: KanoCategory | null = null;
  for (const category of KANO_CATEGORIES) {
    // Strictly greater keeps the earlier (higher-priority) category on a tie.
    if (counts[category] > 0 && (mode === null || counts[category] > counts[mode])) mode = category;
  }

  const denominator = counts.A + counts.O + counts.M + counts.I;
  const better = denominator === 0 ? null : (counts.A + counts.O) / denominator;
  const worse = denominator === 0 ? null : -(counts.O + counts.M) / denominator;
  return { n, counts, mode, better, worse: worse === 0 ? 0 : worse };
}
