import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { AppError } from "@/lib/errors";
import { audienceSchema } from "@/schemas/distribution";
import { classifiedContactsSql } from "./classify-contacts-sql";
import { getClassSettings } from "./get-class-settings";

/**
 * A campaign audience's class condition as SQL over "Contact" c (for audienceWhere), classified with the
 * organisation's rules at `now` — the send's moment, like throttling; undefined for other audiences. `strict`
 * (preview and creation): an unknown class is refused; at send time a class deleted meanwhile selects nobody.
 */
export async function classAudienceSql(organizationId: string, audience: unknown, now: Date, { strict = false } = {}): Promise<Prisma.Sql | undefined> {
  const parsed = audienceSchema.safeParse(audience);
  if (!parsed.success || parsed.data.kind !== "class") return undefined;
  const classKey = parsed.data.classKey;
  const settings = await getClassSettings(organizationId);
  if (!settings.classes.some((c) => c.key === classKey)) {
    if (strict) throw new AppError("validation_failed", "No such customer class.");
    return Prisma.sql`FALSE`;
  }
  const classified = classifiedContactsSql({ organizationId, rules: settings.rules.map((r) => r.rule), now });
  return Prisma.sql`c."id" IN (SELECT k."contactId" FROM (${classified}) k WHERE k."classKey" = ${classKey})`;
}
