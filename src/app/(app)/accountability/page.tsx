import type { Metadata } from "next";
import Link from "next/link";
import { RankingTable } from "@/components/accountability/ranking-table";
import { UnitRankingChart, type UnitRankingBar } from "@/components/charts/unit-ranking-chart";
import { Card, PageHeader } from "@/components/ui/card";
import { RANGE_PRESETS } from "@/lib/date-range";
import { hasRole } from "@/lib/roles";
import { getAccountabilityBoard } from "@/server/accountability/get-accountability-board";
import { UNIT_KINDS } from "@/server/accountability/get-unit-ranking";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Accountability · 责任看板" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

export default async function AccountabilityPage({ searchParams }: Props) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const params = await searchParams;
  const range = typeof params.range === "string" ? params.range : undefined;
  const board = await getAccountabilityBoard(viewer, { range });
  const preset = RANGE_PRESETS.find((p) => p === range) ?? "90d";
  const scopeUnit = board.scope.unitId ? board.units.find((u) => u.id === board.scope.unitId) : undefined;
  const byId = new Map(board.units.map((u) => [u.id, u]));
  const branchBars: UnitRankingBar[] = board.units.flatMap((u) =>
    u.kind === "BRANCH" && u.stats && u.stats.nps !== null && u.stats.ciLow !== null && u.stats.ciHigh !== null && u.shrunkNps !== null
      ? [{ label: u.name, nps: u.stats.nps, ciLow: u.stats.ciLow, ciHigh: u.stats.ciHigh, shrunk: u.shrunkNps, n: u.stats.n }]
      : [],
  );
  return (
    <div className="space-y-6">
      <PageHeader
        title={t("acct.title")}
        subtitle={t("acct.subtitle")}
        actions={
          hasRole(viewer.role, "ADMIN") ? (
            <Link href="/settings/organization" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-50">
              {t("org.nav")}
            </Link>
          ) : undefined
        }
      />
      <form method="get" className="flex items-end gap-2">
        <label className="text-sm">
          <span className="mb-1 block text-slate-600">{t("acct.range")}</span>
          <select name="range" defaultValue={preset} className="rounded-md border border-slate-300 px-2 py-1.5">
            {RANGE_PRESETS.map((p) => (
              <option key={p} value={p}>
                {t(`acct.range.${p}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md bg-blue-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-blue-800">
          {t("acct.apply")}
        </button>
      </form>
      {scopeUnit && (
        <p className="rounded-md bg-blue-50 px-3 py-2 text-sm text-blue-900" data-testid="acct-scope">
          {board.scope.ownUnitOnly ? t("acct.scopedOwn", { unit: scopeUnit.name }) : t("acct.scoped", { unit: scopeUnit.name })}
        </p>
      )}
      <p className="text-sm text-slate-600">{t("acct.method", { minN: board.thresholds.minN, suppressN: board.thresholds.suppressN })}</p>
      {board.units.length === 0 && <p className="text-slate-600">{t("acct.empty")}</p>}
      {branchBars.length > 1 && (
        <Card title={t("acct.chart")}>
          <UnitRankingChart
            data={branchBars}
            labels={{ chart: t("acct.chart"), raw: t("acct.chart.raw"), shrunk: t("acct.chart.shrunk"), ci: t("acct.chart.ci"), n: "n" }}
          />
        </Card>
      )}
      {UNIT_KINDS.map((kind) => {
        const rows = board.units.filter((u) => u.kind === kind);
        if (rows.length === 0) return null;
        return (
          <Card key={kind} title={t(`acct.kind.${kind}`)}>
            <RankingTable
              testId={`ranking-${kind.toLowerCase()}`}
              rows={rows.map((u) => ({ ...u, label: u.name, sublabel: u.managerName }))}
              nameHeader={t("acct.col.unit")}
              subHeader={t("acct.col.manager")}
              t={t}
              locale={locale}
              suppressN={board.thresholds.suppressN}
            />
          </Card>
        );
      })}
      {board.units.length > 0 && (
        <Card title={t("acct.employees")}>
          {board.employees.length === 0 ? (
            <p className="text-sm text-slate-600">{t("acct.noEmployees")}</p>
          ) : (
            <RankingTable
              testId="ranking-employees"
              rows={board.employees.map((e) => ({ ...e, label: e.name, sublabel: byId.get(e.unitId)?.name ?? e.unitName }))}
              nameHeader={t("acct.col.employee")}
              subHeader={t("acct.col.unit")}
              t={t}
              locale={locale}
              suppressN={board.thresholds.suppressN}
            />
          )}
        </Card>
      )}
    </div>
  );
}
