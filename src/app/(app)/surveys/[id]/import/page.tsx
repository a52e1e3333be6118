import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ImportWizard } from "@/components/contacts/import-wizard";
import { RecentImports } from "@/components/contacts/recent-imports";
import { Card, PageHeader } from "@/components/ui/card";
import { interpolate } from "@/i18n/interpolate";
import { isAppError } from "@/lib/errors";
import { hasRole } from "@/lib/roles";
import { surveyIdSchema } from "@/schemas/survey";
import { requireUser } from "@/server/auth/session";
import { contactsMessages } from "@/server/contacts/contacts-messages";
import { findImportSurvey } from "@/server/imports/create-response-import";
import { listResponseImports } from "@/server/imports/get-response-import";
import { importsMessages } from "@/server/imports/imports-messages";
import { MAX_UPLOAD_BYTES } from "@/server/imports/import-source";
import { getTranslator } from "@/server/i18n/request-locale";
import { deleteResponseImportAction } from "./actions";

export const metadata: Metadata = { title: "Import past responses · 导入历史回复" };
export const dynamic = "force-dynamic";

export default async function ImportResponsesPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const id = surveyIdSchema.safeParse((await params).id);
  if (!id.success) notFound();
  // Pages a role cannot use are not found for it, like every other (issue 12).
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const actor = { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role };
  let survey: Awaited<ReturnType<typeof findImportSurvey>>;
  try {
    survey = await findImportSurvey(actor, id.data);
  } catch (error) {
    if (isAppError(error)) notFound();
    throw error;
  }
  const recent = await listResponseImports({ actor, surveyId: survey.id });
  const extra = importsMessages(locale);
  extra["imports.responses.mapping.help"] = interpolate(extra["imports.responses.mapping.help"], { timeZone: survey.organization.timeZone });
  return (
    <>
      <PageHeader
        title={t("imports.responses.title")}
        subtitle={t("imports.responses.subtitle", { survey: survey.name })}
        actions={
          <Link href={`/surveys/${survey.id}`} className="text-sm font-medium text-blue-800 hover:underline">
            ← {survey.name}
          </Link>
        }
      />
      <div className="space-y-6">
        <Card>
          <ImportWizard
            kind="responses"
            basePath={`/surveys/${survey.id}/import`}
            messages={contactsMessages(locale)}
            extra={extra}
            timeZone={survey.organization.timeZone}
            maxMb={Math.round(MAX_UPLOAD_BYTES / 2 ** 20)}
            locale={locale}
          />
        </Card>
        <RecentImports
          title={t("imports.responses.recent")}
          resultLabel={t("imports.responses.recent.result")}
          basePath={`/surveys/${survey.id}/import`}
          deleteAction={deleteResponseImportAction.bind(null, survey.id)}
          imports={recent.map((item) => ({ ...item, counts: [item.createdCount, item.duplicateCount, item.skippedCount] }))}
          t={t}
          locale={locale}
          timeZone={viewer.timeZone}
        />
      </div>
    </>
  );
}
