import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { BuilderMessages } from "@/components/surveys/builder/builder-messages";
import { SurveyBuilder } from "@/components/surveys/builder/survey-builder";
import { PageHeader } from "@/components/ui/card";
import { builderEn } from "@/i18n/messages/areas/builder.en";
import { isAppError } from "@/lib/errors";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { getSurveyContent } from "@/server/surveys/get-survey-content";

export const metadata: Metadata = { title: "Edit survey · 编辑问卷" };

type Props = { params: Promise<{ id: string }> };

export default async function EditSurveyPage({ params }: Props) {
  const { id } = await params;
  const viewer = await requireUser();
  const { t } = await getTranslator();
  // Pages a role cannot use are not found for it, like every other (issue 12).
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  let data;
  try {
    data = await getSurveyContent({ organizationId: viewer.organizationId, surveyId: id });
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const messages = Object.fromEntries(
    Object.keys(builderEn)
      .filter((key) => key.startsWith("builder."))
      .map((key) => [key, t(key as keyof BuilderMessages)]),
  ) as BuilderMessages;
  return (
    <>
      <PageHeader
        title={`${t("builder.title")} · ${data.survey.name}`}
        subtitle={t("builder.subtitle")}
        actions={
          <Link href={`/surveys/${data.survey.id}`} className="text-sm font-medium text-blue-800 hover:underline">
            ← {t("builder.back")}
          </Link>
        }
      />
      <SurveyBuilder
        surveyId={data.survey.id}
        initial={data.content}
        locales={data.locales}
        status={data.status}
        locked={data.hasResponses}
        savedKeys={data.savedKeys}
        version={data.version}
        m={messages}
      />
    </>
  );
}
