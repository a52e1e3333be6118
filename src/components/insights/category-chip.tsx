import type { NpsCategory } from "@/lib/nps";

const DOT: Record<NpsCategory, string> = {
  PROMOTER: "bg-promoter",
  PASSIVE: "bg-passive",
  DETRACTOR: "bg-detractor",
};

/** The NPS category as colour AND text (never colour alone). */
export function CategoryChip({ category, label }: { category: NpsCategory; label: string }) {
  return (
    <span
      className="inline-flex items-center gap-1.5 rounded-full border border-slate-200 bg-white px-2 py-0.5 text-xs font-medium text-slate-800"
      data-category={category}
    >
      <span className={`inline-block h-2.5 w-2.5 rounded-full ${DOT[category]}`} aria-hidden="true" />
      {label}
    </span>
  );
}
