import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatDate, formatNumber } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { listJourneys } from "@/server/journeys/list-journeys";

export const metadata: Metadata = { title: "Journeys · 客户旅程" };

/** The organisation's customer journeys (issue 13). MANAGER+ read; ADMIN+ create and edit. */
export default async function JourneysPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "MANAGER")) notFound();
  const { t, locale } = await getTranslator();
  const journeys = await listJourneys(viewer.organizationId);
  const canEdit = hasRole(viewer.role, "ADMIN");
  return (
    <>
      <PageHeader
        title={t("journeys.title")}
        subtitle={t("journeys.subtitle")}
        actions={
          canEdit && (
            <Link href="/journeys/new" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-800" data-testid="journey-new">
              {t("journeys.new")}
            </Link>
          )
        }
      />
      <Card>
        {journeys.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="journeys-empty">
            {t(canEdit ? "journeys.empty.admin" : "journeys.empty")}
          </p>
        ) : (
          <Table
            testId="journeys-table"
            head={
              <>
                <Th>{t("journeys.col.name")}</Th>
                <Th className="text-right">{t("journeys.col.stages")}</Th>
                <Th className="text-right">{t("journeys.col.touchpoints")}</Th>
                <Th>{t("journeys.col.updated")}</Th>
                {canEdit && <Th>{t("journeys.col.actions")}</Th>}
              </>
            }
          >
            {journeys.map((j) => (
              <Tr key={j.id}>
                <Td className="font-medium">
                  <Link href={`/journeys/${j.id}`} className="text-blue-800 hover:underline">
                    {locale === "en" ? j.nameEn : j.nameZh}
                  </Link>
                </Td>
                <Td className="text-right tabular-nums">{formatNumber(j.stages, locale)}</Td>
                <Td className="text-right tabular-nums">{formatNumber(j.touchpoints, locale)}</Td>
                <Td className="text-slate-600">{formatDate(j.updatedAt, locale, viewer.timeZone)}</Td>
                {canEdit && (
                  <Td>
                    <Link href={`/journeys/${j.id}/edit`} className="text-sm font-medium text-blue-800 hover:underline" aria-label={`${t("journeys.edit")} · ${locale === "en" ? j.nameEn : j.nameZh}`}>
                      {t("journeys.edit")}
                    </Link>
                  </Td>
                )}
              </Tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
