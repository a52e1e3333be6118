/**
 * What a heavy page shows while its data loads (the routes' loading.tsx): the page's rough shape in grey,
 * announced once to screen readers as "loading". `variant` picks the shape: figures + chart, or a list.
 */
export function PageSkeleton({ label, variant }: { label: string; variant: "dashboard" | "list" }) {
  const block = "animate-pulse rounded-xl border border-slate-200 bg-white p-5 shadow-sm";
  const bar = "rounded bg-slate-200";
  return (
    <div role="status" aria-live="polite" aria-busy="true" data-testid="page-skeleton">
      <span className="sr-only">{label}</span>
      <div aria-hidden="true">
        <div className={`mb-6 h-8 w-48 ${bar}`} />
        {variant === "dashboard" ? (
          <div className="space-y-6">
            <div className={`${block} h-24`} />
            <div className={block}>
              <div className={`h-12 w-24 ${bar}`} />
              <div className={`mt-4 h-4 w-2/3 ${bar}`} />
              <div className={`mt-2 h-4 w-1/2 ${bar}`} />
            </div>
            <div className="grid gap-4 sm:grid-cols-2">
              <div className={`${block} h-32`} />
              <div className={`${block} h-32`} />
            </div>
            <div className={`${block} h-64`} />
          </div>
        ) : (
          <div className={block}>
            {Array.from({ length: 8 }, (_, i) => (
              <div key={i} className="flex gap-4 border-b border-slate-100 py-3 last:border-0">
                <div className={`h-4 w-1/3 ${bar}`} />
                <div className={`h-4 w-1/4 ${bar}`} />
                <div className={`h-4 w-1/6 ${bar}`} />
              </div>
            ))}
          </div>
        )}
      </div>
    </div>
  );
}
