"use client";

import { useState } from "react";

type Props = {
  range: string;
  from: string;
  to: string;
  labels: { range: string; from: string; to: string; options: { value: string; label: string }[] };
};

/** Period preset plus custom dates; typing a date switches the preset to "custom". */
export function RangeFields({ range, from, to, labels }: Props) {
  const [value, setValue] = useState(range);
  return (
    <div className="flex flex-wrap items-end gap-2 text-sm">
      <label>
        <span className="block font-medium text-slate-700">{labels.range}</span>
        <select
          name="range"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-2 shadow-sm"
        >
          {labels.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span className="block font-medium text-slate-700">{labels.from}</span>
        <input type="date" name="from" defaultValue={from} onChange={() => setValue("custom")} className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 shadow-sm" />
      </label>
      <label>
        <span className="block font-medium text-slate-700">{labels.to}</span>
        <input type="date" name="to" defaultValue={to} onChange={() => setValue("custom")} className="mt-1 rounded-md border border-slate-300 bg-white px-3 py-1.5 shadow-sm" />
      </label>
    </div>
  );
}
