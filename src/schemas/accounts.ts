import { z } from "zod";
import { LOCALES } from "@/i18n/locales";
import { checkPassword, PASSWORD_MAX_LENGTH } from "@/lib/password-rules";
import { ROLES } from "@/lib/roles";

/** Whether `zone` is an IANA time zone this runtime knows (e.g. "Asia/Shanghai"). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return zone.includes("/") || zone === "UTC";
  } catch {
    return false;
  }
}

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email().max(254));
const nameSchema = z.string().trim().min(1).max(120);
/** A new password: the rules of src/lib/password-rules.ts (the issue is the catalogue key's last part). */
export const newPasswordSchema = z
  .string()
  .max(PASSWORD_MAX_LENGTH + 1)
  .superRefine((value, context) => {
    const problem = checkPassword(value);
    if (problem) context.addIssue({ code: "custom", message: problem });
  });

/** First-run setup: the organisation and its owner. */
export const setupSchema = z
  .object({
    organizationName: nameSchema,
    brandZh: z.string().trim().max(120).default(""),
    brandEn: z.string().trim().max(120).default(""),
    timeZone: z.string().trim().max(64).refine(isTimeZone, "time_zone"),
    defaultLocale: z.enum(LOCALES),
    ownerName: nameSchema,
    ownerEmail: emailSchema,
    password: newPasswordSchema,
  })
  .superRefine((value, context) => {
    const problem = checkPassword(value.password, { email: value.ownerEmail });
    if (problem) context.addIssue({ code: "custom", path: ["password"], message: problem });
  });
export type SetupInput = z.input<typeof setupSchema>;

const optionalUnit = z.union([z.uuid(), z.literal(""), z.null()]).optional().transform((value) => value || null);

/** Settings → Members: invite a colleague. */
export const inviteMemberSchema = z.object({
  email: emailSchema,
  role: z.enum(ROLES),
  scopeUnitId: optionalUnit,
  locale: z.enum(LOCALES),
});
export type InviteMemberInput = z.input<typeof inviteMemberSchema>;

/** Settings → Members: change a member's role and unit scope. */
export const changeMemberSchema = z.object({
  membershipId: z.uuid(),
  role: z.enum(ROLES),
  scopeUnitId: optionalUnit,
});
export type ChangeMemberInput = z.input<typeof changeMemberSchema>;

/** The accept page: the invitee's name and password. */
export const acceptInvitationSchema = z.object({
  token: z.string().trim().min(10).max(200),
  name: nameSchema,
  password: newPasswordSchema,
});

export const passwordResetRequestSchema = z.object({ email: emailSchema });
export const passwordResetSchema = z.object({ token: z.string().trim().min(10).max(200), password: newPasswordSchema });
