import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ImportWizard } from "@/components/contacts/import-wizard";
import { RecentImports } from "@/components/contacts/recent-imports";
import { Card, PageHeader } from "@/components/ui/card";
import { interpolate } from "@/i18n/interpolate";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { contactsMessages } from "@/server/contacts/contacts-messages";
import { db } from "@/server/db";
import { MAX_UPLOAD_BYTES } from "@/server/imports/import-source";
import { getTranslator } from "@/server/i18n/request-locale";
import { listOutcomeTypes } from "@/server/outcomes/get-outcome-report";
import { listOutcomeImports, outcomeImportMessages } from "@/server/outcomes/import-status";
import { deleteOutcomeImportAction } from "./actions";

export const metadata: Metadata = { title: "Import behaviour data · 导入客户行为数据" };
export const dynamic = "force-dynamic";

/** Behaviour data (churn, purchases, revenue, complaints …) from a CSV / Excel file: ADMIN and OWNER; others 404. */
export default async function ImportOutcomesPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const actor = { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role };
  const [recent, types, organization] = await Promise.all([
    listOutcomeImports({ actor }),
    listOutcomeTypes(viewer.organizationId),
    db.organization.findUniqueOrThrow({ where: { id: viewer.organizationId }, select: { timeZone: true } }),
  ]);
  const extra = outcomeImportMessages(locale);
  extra["outcomeImport.mapping.help"] = interpolate(extra["outcomeImport.mapping.help"] ?? "", { timeZone: organization.timeZone });
  return (
    <>
      <PageHeader title={t("outcomeImport.title")} subtitle={t("outcomeImport.subtitle")} />
      <div className="space-y-6">
        <Card>
          <ImportWizard
            kind="outcomes"
            basePath="/contacts/outcomes"
            messages={contactsMessages(locale)}
            extra={extra}
            timeZone={organization.timeZone}
            knownTypes={types}
            maxMb={Math.round(MAX_UPLOAD_BYTES / 2 ** 20)}
            locale={locale}
          />
        </Card>
        <RecentImports
          title={t("outcomeImport.recent")}
          resultLabel={t("outcomeImport.recent.result")}
          basePath="/contacts/outcomes"
          deleteAction={deleteOutcomeImportAction}
          imports={recent.map((item) => ({ ...item, counts: [item.createdCount, item.duplicateCount, item.skippedCount] }))}
          t={t}
          locale={locale}
          timeZone={viewer.timeZone}
        />
      </div>
    </>
  );
}
