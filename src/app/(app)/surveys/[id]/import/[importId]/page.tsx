import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ImportProgress } from "@/components/contacts/import-progress";
import { Card, PageHeader } from "@/components/ui/card";
import { isAppError } from "@/lib/errors";
import { hasRole } from "@/lib/roles";
import { surveyIdSchema } from "@/schemas/survey";
import { requireUser } from "@/server/auth/session";
import { contactsMessages } from "@/server/contacts/contacts-messages";
import { getResponseImport } from "@/server/imports/get-response-import";
import type { ImportJobStatus } from "@/server/imports/import-job";
import { importsMessages } from "@/server/imports/imports-messages";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Response import report · 回复导入报告" };
export const dynamic = "force-dynamic";

export default async function ResponseImportReportPage({ params }: { params: Promise<{ id: string; importId: string }> }) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const { id, importId } = await params;
  const surveyId = surveyIdSchema.safeParse(id);
  const parsedImportId = surveyIdSchema.safeParse(importId);
  if (!surveyId.success || !parsedImportId.success || !hasRole(viewer.role, "ADMIN")) notFound();
  let status: ImportJobStatus;
  try {
    status = await getResponseImport({ actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role }, importId: parsedImportId.data });
  } catch (error) {
    if (isAppError(error)) notFound();
    throw error;
  }
  if (status.surveyId !== surveyId.data) notFound();
  return (
    <>
      <PageHeader title={t("imports.responses.reportTitle")} subtitle={status.fileName} />
      <Card>
        <ImportProgress
          kind="responses"
          initial={status}
          basePath={`/surveys/${surveyId.data}/import`}
          messages={contactsMessages(locale)}
          extra={{ ...importsMessages(locale), "contacts.import.error.interrupted": t("contacts.import.error.interrupted") }}
          done={{ href: `/dashboard?survey=${surveyId.data}&range=all`, label: t("imports.responses.report.dashboard") }}
          locale={locale}
        />
      </Card>
    </>
  );
}
