import type { ReactNode } from "react";

/** A dropdown of checkboxes inside a GET form (native <details>: works without JavaScript). */
export function CheckboxMenu({
  label,
  name,
  options,
  selected,
  summaryEmpty,
  summarySome,
}: {
  label: ReactNode;
  name: string;
  options: { value: string; label: ReactNode }[];
  selected: string[];
  summaryEmpty: string;
  summarySome: string;
}) {
  return (
    <div className="text-sm">
      <span className="block font-medium text-slate-700">{label}</span>
      <details className="group relative mt-1">
        <summary className="flex min-w-36 cursor-pointer list-none items-center justify-between gap-2 rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm">
          <span className={selected.length ? "font-medium text-blue-800" : "text-slate-600"}>
            {selected.length ? summarySome : summaryEmpty}
          </span>
          <span aria-hidden="true" className="text-slate-400 group-open:rotate-180">▾</span>
        </summary>
        <div className="absolute z-20 mt-1 max-h-72 min-w-56 overflow-auto rounded-md border border-slate-200 bg-white p-2 shadow-lg">
          {options.map((option) => (
            <label key={option.value} className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 hover:bg-slate-50">
              <input type="checkbox" name={name} value={option.value} defaultChecked={selected.includes(option.value)} className="h-4 w-4" />
              <span>{option.label}</span>
            </label>
          ))}
        </div>
      </details>
    </div>
  );
}
