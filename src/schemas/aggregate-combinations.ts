import { z } from "zod";
import { attributeKeySchema } from "./analytics";

/** At most this many configured combinations per organisation (docs/decisions/0027): each adds up to 2 rows per response per key (4 or 6). */
export const AGGREGATE_COMBINATIONS_MAX = 10;

/** A combination of 2 or 3 distinct DIMENSION attribute keys, stored sorted (Settings → Attributes → Combined analyses). */
export const aggregateCombinationSchema = z.object({
  keys: z
    .array(attributeKeySchema)
    .min(2, "Choose 2 or 3 dimensions.")
    .max(3, "Choose 2 or 3 dimensions.")
    .refine((keys) => new Set(keys).size === keys.length, "Choose different dimensions.")
    .transform((keys) => [...keys].sort()),
});
export type AggregateCombinationInput = z.input<typeof aggregateCombinationSchema>;
