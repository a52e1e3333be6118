import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JourneyEditor } from "@/components/journeys/journey-editor";
import { journeyEditorLabels } from "@/components/journeys/labels";
import { Card, PageHeader } from "@/components/ui/card";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { isAppError } from "@/lib/errors";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { getJourney, type JourneyDto } from "@/server/journeys/get-journey";
import { listJourneyTouchpointOptions } from "@/server/journeys/journey-touchpoint-options";
import { deleteJourneyAction, saveJourneyAction } from "../../actions";

export const metadata: Metadata = { title: "Edit journey · 编辑客户旅程" };

type Props = { params: Promise<{ id: string }> };

/** Edit a journey: rename, reorder, add and remove stages and touchpoints; delete it (ADMIN+; 404 for other roles). */
export default async function EditJourneyPage({ params }: Props) {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const { id } = await params;
  let journey: JourneyDto;
  try {
    journey = await getJourney(viewer.organizationId, id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  const known = await listJourneyTouchpointOptions(viewer.organizationId);
  // A touchpoint no longer met anywhere stays choosable in the journey that holds it.
  const options = [...new Set([...known, ...journey.stages.flatMap((s) => s.touchpoints.map((tp) => tp.touchpoint))])];
  return (
    <>
      <PageHeader
        title={t("journeys.editTitle", { name: locale === "en" ? journey.nameEn : journey.nameZh })}
        subtitle={t("journeys.form.help")}
        actions={
          <div className="flex items-center gap-3">
            <Link href={`/journeys/${journey.id}`} className="text-sm font-medium text-blue-800 hover:underline">
              {t("journeys.view")}
            </Link>
            <ConfirmActionButton
              action={deleteJourneyAction}
              id={journey.id}
              labels={{ idle: t("journeys.delete"), pending: t("journeys.deleting"), confirm: t("journeys.deleteConfirm") }}
              messages={{ notFound: t("journeys.error.notFound") }}
            />
          </div>
        }
      />
      <Card>
        <JourneyEditor
          action={saveJourneyAction}
          journeyId={journey.id}
          initial={{
            nameZh: journey.nameZh,
            nameEn: journey.nameEn,
            stages: journey.stages.map((s) => ({ nameZh: s.nameZh, nameEn: s.nameEn, touchpoints: s.touchpoints })),
          }}
          options={options}
          labels={journeyEditorLabels(t)}
        />
      </Card>
    </>
  );
}
