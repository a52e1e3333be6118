import { Card } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Locale } from "@/i18n/locales";
import type { MessageKey, Translate } from "@/i18n/translate";
import { formatDate, formatNumber } from "@/lib/format";
import { OUTCOME_BASE_TYPES } from "@/schemas/outcome";
import type { ContactOutcome } from "@/server/outcomes/list-contact-outcomes";

/** The contact page's behaviour events (churn, purchases, revenue, complaints …), newest first. */
export function ContactOutcomesCard({
  outcomes,
  t,
  locale,
  timeZone,
}: {
  outcomes: { total: number; events: ContactOutcome[] };
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  const typeName = (type: string) => ((OUTCOME_BASE_TYPES as readonly string[]).includes(type) ? t(`outcomes.type.${type}` as MessageKey) : type);
  return (
    <Card title={t("outcomes.contact.title", { count: formatNumber(outcomes.total, locale) })} className="mt-6">
      {outcomes.events.length === 0 ? (
        <p className="text-sm text-slate-600">{t("outcomes.contact.empty")}</p>
      ) : (
        <Table
          testId="contact-outcomes"
          head={
            <>
              <Th>{t("outcomes.contact.date")}</Th>
              <Th>{t("outcomes.contact.type")}</Th>
              <Th className="text-right">{t("outcomes.contact.amount")}</Th>
            </>
          }
        >
          {outcomes.events.map((event) => (
            <Tr key={event.id}>
              <Td className="whitespace-nowrap">{formatDate(event.occurredAt, locale, timeZone)}</Td>
              <Td>{typeName(event.type)}</Td>
              <Td className="text-right tabular-nums">{event.amount === null ? "" : `${formatNumber(event.amount, locale, 2)} ${event.currency ?? ""}`}</Td>
            </Tr>
          ))}
        </Table>
      )}
      {outcomes.total > outcomes.events.length && (
        <p className="mt-2 text-xs text-slate-500">{t("outcomes.contact.capped", { shown: outcomes.events.length })}</p>
      )}
    </Card>
  );
}
