import { Card } from "@/components/ui/card";
import { getFunnel } from "@/server/distribution/get-funnel";
import { getTranslator } from "@/server/i18n/request-locale";
import { FunnelView } from "./funnel-view";

/** The survey page's email funnel (all campaigns and API triggers of the survey). A server component. */
export async function SurveyFunnel({ organizationId, surveyId }: { organizationId: string; surveyId: string }) {
  const [{ t, locale }, funnel] = await Promise.all([getTranslator(), getFunnel({ organizationId, surveyId })]);
  return (
    <Card title={t("funnel.surveyTitle")} className="mt-6">
      <FunnelView funnel={funnel} t={t} locale={locale} />
    </Card>
  );
}
