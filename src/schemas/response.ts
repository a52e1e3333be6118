import { z } from "zod";

export const COMMENT_MAX_LENGTH = 2000;

/** Respondent tokens: base64url, 22–64 characters (≥ 128 random bits). */
export const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, "Not a valid survey link.");

/**
 * What the respondent's form submits. Values arrive as strings from a plain HTML form, or as numbers from
 * JSON: "7" and 7 are accepted, "abc", 7.5, -1 and 11 are not.
 */
export const submitResponseSchema = z.object({
  score: z.preprocess(
    (value) => (typeof value === "string" && /^\s*-?\d+\s*$/.test(value) ? Number(value) : value),
    z.number({ error: "Choose a score from 0 to 10." }).int("Choose a whole number from 0 to 10.").min(0).max(10),
  ),
  // Line breaks arrive as CRLF from browsers; normalise and trim before counting, as the textarea counts.
  comment: z
    .string()
    .transform((value) => value.replace(/\r\n?/g, "\n").trim())
    .pipe(z.string().max(COMMENT_MAX_LENGTH, `Comments are at most ${COMMENT_MAX_LENGTH} characters.`))
    .transform((value) => (value === "" ? undefined : value))
    .optional(),
  locale: z.string().max(10).optional(),
  /** The respondent agreed to be contacted about the answer (a checkbox: "on"/"true", or a JSON boolean). */
  consent: z
    .preprocess((value) => (value === "on" || value === "true" ? true : value === "false" || value === "" ? false : value), z.boolean())
    .optional(),
  /** One-time key of an anonymous (public-link) form; personal links ignore it. */
  key: z.string().max(64).optional(),
});
export type SubmitResponseInput = z.input<typeof submitResponseSchema>;
