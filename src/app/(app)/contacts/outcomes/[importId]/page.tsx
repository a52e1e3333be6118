import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ImportProgress } from "@/components/contacts/import-progress";
import { Card, PageHeader } from "@/components/ui/card";
import { isAppError } from "@/lib/errors";
import { hasRole } from "@/lib/roles";
import { surveyIdSchema } from "@/schemas/survey";
import { requireUser } from "@/server/auth/session";
import { contactsMessages } from "@/server/contacts/contacts-messages";
import type { ImportJobStatus } from "@/server/imports/import-job";
import { getTranslator } from "@/server/i18n/request-locale";
import { getOutcomeImport, outcomeImportMessages } from "@/server/outcomes/import-status";

export const metadata: Metadata = { title: "Behaviour data import report · 客户行为数据导入报告" };
export const dynamic = "force-dynamic";

export default async function OutcomeImportReportPage({ params }: { params: Promise<{ importId: string }> }) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const importId = surveyIdSchema.safeParse((await params).importId);
  if (!importId.success || !hasRole(viewer.role, "ADMIN")) notFound();
  let status: ImportJobStatus;
  try {
    status = await getOutcomeImport({ actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role }, importId: importId.data });
  } catch (error) {
    if (isAppError(error)) notFound();
    throw error;
  }
  const extra = { ...outcomeImportMessages(locale), "contacts.import.error.interrupted": t("contacts.import.error.interrupted") };
  return (
    <>
      <PageHeader title={t("outcomeImport.reportTitle")} subtitle={status.fileName} />
      <Card>
        <ImportProgress
          kind="outcomes"
          initial={status}
          basePath="/contacts/outcomes"
          messages={contactsMessages(locale)}
          extra={extra}
          done={{ href: "/surveys", label: t("outcomeImport.report.next") }}
          reportHref={`/contacts/outcomes/${status.id}/report`}
          locale={locale}
        />
      </Card>
    </>
  );
}
