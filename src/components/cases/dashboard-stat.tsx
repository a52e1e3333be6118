/** One headline figure of the case dashboard. */
export function DashboardStat({
  label,
  value,
  help,
  testId,
  tone = "normal",
}: {
  label: string;
  value: string;
  help: string;
  testId: string;
  tone?: "normal" | "alert";
}) {
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4 shadow-sm" data-testid={testId}>
      <h2 className="text-sm font-medium text-slate-600">{label}</h2>
      <p className={`mt-1 text-2xl font-semibold tabular-nums ${tone === "alert" ? "text-red-700" : "text-slate-900"}`} data-testid={`${testId}-value`}>
        {value}
      </p>
      <p className="mt-1 text-xs text-slate-500">{help}</p>
    </section>
  );
}
