import { z } from "zod";
import { CASE_STATUSES } from "@/lib/case-rules";

export const CASE_NOTE_MAX = 4000;
export const REPLY_SUBJECT_MAX = 200;
export const REPLY_BODY_MAX = 8000;
export const ROOT_CAUSE_LABEL_MAX = 80;

const uuid = z.uuid();

/** /cases?view=&status=&overdue=&owner= — anything unknown falls back to the default. */
export const caseListQuerySchema = z.object({
  view: z.enum(["mine", "all"]).catch("mine"),
  status: z.enum(CASE_STATUSES).optional().catch(undefined),
  overdue: z
    .enum(["1"])
    .optional()
    .catch(undefined)
    .transform((value) => value === "1"),
  owner: uuid.optional().catch(undefined),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

export const caseIdSchema = uuid;

export const caseNoteSchema = z.object({ caseId: uuid, body: z.string().trim().min(1).max(CASE_NOTE_MAX) });

export const caseStatusSchema = z.object({ caseId: uuid, status: z.enum(CASE_STATUSES) });

export const caseRootCauseSchema = z.object({ caseId: uuid, rootCauseId: uuid });

export const caseReplySchema = z.object({
  caseId: uuid,
  templateId: uuid.optional(),
  locale: z.enum(["zh-CN", "en"]),
  subject: z.string().trim().min(1).max(REPLY_SUBJECT_MAX),
  body: z.string().trim().min(1).max(REPLY_BODY_MAX),
});
export type CaseReplyInput = z.infer<typeof caseReplySchema>;

export const rootCauseCreateSchema = z.object({
  key: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9_]+$/),
  labelZh: z.string().trim().min(1).max(ROOT_CAUSE_LABEL_MAX),
  labelEn: z.string().trim().min(1).max(ROOT_CAUSE_LABEL_MAX),
});

export const rootCauseToggleSchema = z.object({ id: uuid, active: z.enum(["true", "false"]).transform((v) => v === "true") });

export const loopListQuerySchema = z.object({
  kind: z.enum(["promoters", "passives"]).catch("promoters"),
  sent: z.enum(["all", "sent", "unsent"]).catch("all"),
});

export const loopMarkSentSchema = z.object({ responseId: uuid });
