import Link from "next/link";
import { interpolate as fill } from "@/i18n/interpolate";

/** Page numbers to show around `page`: the first, the last, and up to two either side (gaps as null). */
export function pagerPages(page: number, pageCount: number): (number | null)[] {
  const out: (number | null)[] = [];
  for (let p = 1; p <= pageCount; p += 1) {
    if (p === 1 || p === pageCount || Math.abs(p - page) <= 2) out.push(p);
    else if (out.at(-1) !== null) out.push(null);
  }
  return out;
}

/**
 * Paging under a list: "26–50 of 132", previous / next and the page numbers, as plain links (works without
 * JavaScript; the page keeps its filters in `href`).
 */
export function Pager({
  page,
  pageCount,
  total,
  pageSize,
  href,
  labels,
  testId,
}: {
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
  href: (page: number) => string;
  labels: { label: string; previous: string; next: string; summary: string; page: string };
  testId?: string;
}) {
  if (total === 0) return null;
  const from = (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const linkClass = "rounded-md border border-slate-300 px-2.5 py-1 text-slate-800 hover:bg-slate-50";
  return (
    <nav aria-label={labels.label} className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm" data-testid={testId} data-page={page} data-pages={pageCount}>
      <p className="text-slate-600" data-testid={testId ? `${testId}-summary` : undefined}>
        {fill(labels.summary, { from, to, total })}
      </p>
      {pageCount > 1 && (
        <ul className="flex flex-wrap items-center gap-1">
          <li>
            {page > 1 ? (
              <Link href={href(page - 1)} className={linkClass} rel="prev" data-testid={testId ? `${testId}-previous` : undefined}>
                {labels.previous}
              </Link>
            ) : (
              <span className="rounded-md border border-slate-200 px-2.5 py-1 text-slate-500">{labels.previous}</span>
            )}
          </li>
          {pagerPages(page, pageCount).map((p, index) =>
            p === null ? (
              <li key={`gap-${index}`} className="px-1 text-slate-500" aria-hidden="true">
                …
              </li>
            ) : (
              <li key={p}>
                {p === page ? (
                  <span aria-current="page" className="rounded-md bg-blue-700 px-2.5 py-1 font-medium text-white">
                    <span className="sr-only">{fill(labels.page, { page: p })}</span>
                    <span aria-hidden="true">{p}</span>
                  </span>
                ) : (
                  <Link href={href(p)} className={linkClass} aria-label={fill(labels.page, { page: p })}>
                    {p}
                  </Link>
                )}
              </li>
            ),
          )}
          <li>
            {page < pageCount ? (
              <Link href={href(page + 1)} className={linkClass} rel="next" data-testid={testId ? `${testId}-next` : undefined}>
                {labels.next}
              </Link>
            ) : (
              <span className="rounded-md border border-slate-200 px-2.5 py-1 text-slate-500">{labels.next}</span>
            )}
          </li>
        </ul>
      )}
    </nav>
  );
}
