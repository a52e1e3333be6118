/** An NPS confidence interval on the −100…+100 scale, with the estimate as a tick and 0 marked (decorative; the numbers are in the table). */
export function NpsIntervalBar({ low, high, value, width = "w-40" }: { low: number; high: number; value: number; width?: "w-32" | "w-40" }) {
  const x = (v: number) => `${((v + 100) / 200) * 100}%`;
  return (
    <div className={`relative h-2.5 ${width} rounded-full bg-slate-200`} aria-hidden="true">
      <div className="absolute top-0 h-2.5 rounded-full bg-blue-300" style={{ left: x(low), width: `${((high - low) / 200) * 100}%` }} />
      <div className="absolute -top-0.5 h-3.5 w-1 rounded bg-blue-900" style={{ left: x(value) }} />
      <div className="absolute top-0 h-2.5 w-px bg-slate-500" style={{ left: "50%" }} />
    </div>
  );
}
