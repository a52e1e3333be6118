import type { ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";

/** A plain, scrollable data table: header cells in `head`, rows as children. */
export function Table({ head, children, testId }: { head: ReactNode; children: ReactNode; testId?: string }) {
  return (
    // `relative`: screen-reader-only labels (absolutely positioned) in wide columns stay inside the scrolling
    // box; without it they widen the whole page on a phone. Focusable (tabIndex 0) so that keyboard users can
    // scroll it when it is wider than the screen (axe: scrollable-region-focusable).
    <div className="relative overflow-x-auto focus-visible:outline focus-visible:outline-2 focus-visible:outline-blue-600" tabIndex={0}>
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>{head}</tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

export function Th({ className = "", ...props }: ThHTMLAttributes<HTMLTableCellElement>) {
  return <th {...props} className={`py-2 pr-4 font-medium last:pr-0 ${className}`} />;
}

export function Tr({ children }: { children: ReactNode }) {
  return <tr className="border-b border-slate-100 align-top last:border-0">{children}</tr>;
}

export function Td({ className = "", ...props }: TdHTMLAttributes<HTMLTableCellElement>) {
  return <td {...props} className={`py-2 pr-4 last:pr-0 ${className}`} />;
}
