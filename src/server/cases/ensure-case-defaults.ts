import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db } from "@/server/db";

type Client = Pick<Prisma.TransactionClient, "rootCause" | "replyTemplate" | "$executeRaw">;

/** The root-cause list every organisation starts with (label per locale). */
export const DEFAULT_ROOT_CAUSES = [
  { key: "long_wait", label: { "zh-CN": "等待时间过长", en: "Long wait" } },
  { key: "staff_attitude", label: { "zh-CN": "员工态度", en: "Staff attitude" } },
  { key: "complicated_process", label: { "zh-CN": "流程繁琐", en: "Complicated process" } },
  { key: "system_failure", label: { "zh-CN": "系统故障", en: "System failure" } },
  { key: "fees", label: { "zh-CN": "费用", en: "Fees" } },
  { key: "other", label: { "zh-CN": "其他", en: "Other" } },
] as const;

/** The two reply templates every organisation starts with; {name} and {brand} are filled when sending. */
export const DEFAULT_REPLY_TEMPLATES = [
  {
    name: "感谢反馈并告知改进",
    locale: "zh-CN",
    subject: "关于您对{brand}的反馈",
    body: "尊敬的{name}：\n\n感谢您抽出时间告诉我们您的体验。我们认真阅读了您的意见，并已针对您提到的问题采取了改进措施。\n\n如您还有任何想法，直接回复此邮件即可，我们会亲自跟进。\n\n{brand} 客户体验团队",
  },
  {
    name: "Thank you — what we changed",
    locale: "en",
    subject: "About your feedback to {brand}",
    body: "Dear {name},\n\nThank you for taking the time to tell us about your experience. We have read your comments carefully and have acted on the issue you raised.\n\nIf there is anything else, simply reply to this email and we will follow up personally.\n\nThe {brand} customer experience team",
  },
] as const;

/** Adds the default root causes (missing keys only) and, when the organisation has none, the default reply templates. */
export async function ensureCaseDefaults(organizationId: string, client: Client = db): Promise<void> {
  await client.rootCause.createMany({
    data: DEFAULT_ROOT_CAUSES.map((cause) => ({ organizationId, key: cause.key, label: cause.label })),
    skipDuplicates: true,
  });
  const existing = await client.replyTemplate.count({ where: { organizationId } });
  if (existing === 0) {
    await client.replyTemplate.createMany({ data: DEFAULT_REPLY_TEMPLATES.map((template) => ({ organizationId, ...template })) });
  }
}
