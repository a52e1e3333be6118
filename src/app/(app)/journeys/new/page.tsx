import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JourneyEditor } from "@/components/journeys/journey-editor";
import { journeyEditorLabels } from "@/components/journeys/labels";
import { Card, PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { listJourneyTouchpointOptions } from "@/server/journeys/journey-touchpoint-options";
import { saveJourneyAction } from "../actions";

export const metadata: Metadata = { title: "New journey · 新建客户旅程" };

/** A new journey (ADMIN+; 404 for other roles). */
export default async function NewJourneyPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t } = await getTranslator();
  const options = await listJourneyTouchpointOptions(viewer.organizationId);
  return (
    <>
      <PageHeader
        title={t("journeys.new")}
        subtitle={t("journeys.form.help")}
        actions={
          <Link href="/journeys" className="text-sm font-medium text-blue-800 hover:underline">
            {t("journeys.back")}
          </Link>
        }
      />
      <Card>
        <JourneyEditor action={saveJourneyAction} journeyId={null} initial={{ nameZh: "", nameEn: "", stages: [] }} options={options} labels={journeyEditorLabels(t)} />
      </Card>
    </>
  );
}
