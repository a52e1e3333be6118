import { z } from "zod";
import type { CASE_STATUSES } from "@/lib/case-rules";
import { caseListQuerySchema } from "./case";

/** Rows per page of the cases list and of each loop list. */
export const CASE_PAGE_SIZE = 25;
export const LOOP_PAGE_SIZE = 25;
export const CASE_SEARCH_MAX = 100;

export const CASE_SORTS = ["due", "created", "score", "priority"] as const;
export type CaseSort = (typeof CASE_SORTS)[number];

const page = z.coerce.number().int().min(1).max(100_000).catch(1);

/**
 * /cases?view=&status=&overdue=&owner=&q=&sort=&dir=&page= — lenient: anything unknown falls back to the
 * default (a page, not an API). `q` searches the customer (name, email), the comment and the case number.
 */
export const caseListPageQuerySchema = z.object({
  view: z.enum(["mine", "all"]).optional().catch(undefined),
  status: caseListQuerySchema.shape.status,
  overdue: caseListQuerySchema.shape.overdue,
  owner: caseListQuerySchema.shape.owner,
  q: z
    .string()
    .trim()
    .max(CASE_SEARCH_MAX)
    .optional()
    .catch(undefined)
    .transform((value) => (value ? value : undefined)),
  sort: z.enum(CASE_SORTS).optional().catch(undefined),
  dir: z.enum(["asc", "desc"]).optional().catch(undefined),
  page,
});

/** What the list service takes: the page's query with the defaults applied (the view decided by role). */
export type CaseListFilters = {
  view: "mine" | "all";
  status?: (typeof CASE_STATUSES)[number];
  overdue: boolean;
  owner?: string;
  q?: string;
  sort?: CaseSort;
  dir?: "asc" | "desc";
};

/** Bulk actions on the cases list: assign to a member, or close (with a root cause for cases that have none). */
export const caseBulkSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("assign"), caseIds: z.array(z.uuid()).min(1).max(CASE_PAGE_SIZE * 4), ownerId: z.uuid() }),
  z.object({ action: z.literal("close"), caseIds: z.array(z.uuid()).min(1).max(CASE_PAGE_SIZE * 4), rootCauseId: z.uuid().optional() }),
]);
export type CaseBulkInput = z.infer<typeof caseBulkSchema>;

/** Loop list pages: ?promotersPage=&passivesPage= */
export const loopPagesSchema = z.object({ promotersPage: page, passivesPage: page });
