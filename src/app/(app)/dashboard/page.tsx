import type { Metadata } from "next";
import { ScoreDistributionChart, type ScoreBar } from "@/components/charts/score-distribution-chart";
import { NpsHeadline } from "@/components/nps-headline";
import { Button, Select } from "@/components/ui/form";
import { Card, PageHeader } from "@/components/ui/card";
import { classifyScore, sampleStatus } from "@/lib/nps";
import { requireUser } from "@/server/auth/session";
import { getNpsSummary } from "@/server/analytics/get-nps-summary";
import { getTranslator } from "@/server/i18n/request-locale";
import { listSurveys } from "@/server/surveys/list-surveys";

export const metadata: Metadata = { title: "Dashboard · 仪表盘" };

type Props = { searchParams: Promise<{ survey?: string }> };

export default async function DashboardPage({ searchParams }: Props) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const { survey } = await searchParams;
  const surveys = await listSurveys({ organizationId: viewer.organizationId });
  const selected = surveys.find((s) => s.id === survey)?.id ?? null;
  const { stats, histogram } = await getNpsSummary({ organizationId: viewer.organizationId, surveyId: selected });
  const status = sampleStatus(stats.n, { minN: viewer.minN, suppressN: viewer.suppressN });
  const bars: ScoreBar[] = histogram.map((count, score) => ({ score, count, category: classifyScore(score) }));

  return (
    <>
      <PageHeader
        title={t("dashboard.title")}
        subtitle={t("dashboard.subtitle")}
        actions={
          <form method="get" className="flex items-end gap-2">
            <label className="text-sm">
              <span className="block font-medium text-slate-700">{t("dashboard.surveyFilter")}</span>
              <Select name="survey" defaultValue={selected ?? ""} aria-label={t("dashboard.surveyFilter")} className="max-w-xs">
                <option value="">{t("dashboard.allSurveys")}</option>
                {surveys.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </Select>
            </label>
            <Button type="submit" variant="secondary">
              {t("dashboard.apply")}
            </Button>
          </form>
        }
      />
      {stats.n === 0 ? (
        <Card>
          <p className="text-slate-600" data-testid="no-responses">
            {t("dashboard.noResponses")}
          </p>
        </Card>
      ) : (
        <div className="space-y-6">
          <Card>
            <NpsHeadline stats={stats} status={status} t={t} locale={locale} minN={viewer.minN} suppressN={viewer.suppressN} />
          </Card>
          <Card title={t("dashboard.distribution")} description={t("dashboard.distributionHelp")}>
            <ScoreDistributionChart data={bars} labels={{ count: t("dashboard.count"), score: t("dashboard.score") }} />
          </Card>
        </div>
      )}
    </>
  );
}
