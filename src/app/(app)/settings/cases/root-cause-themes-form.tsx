import type { ThemeChip } from "@/server/text/root-cause-themes";
import { setRootCauseThemesAction } from "./root-cause-themes-action";

/**
 * The comment themes mapped to one root cause (issue 14): a case whose comment mentions one of them suggests this
 * root cause. A plain form (works without JavaScript); the server action comes back to the row.
 */
export function RootCauseThemesForm({
  rootCauseId,
  themes,
  selected,
  labels,
}: {
  rootCauseId: string;
  themes: ThemeChip[];
  selected: readonly string[];
  labels: { summary: string; none: string; save: string; help: string };
}) {
  const names = themes.filter((t) => selected.includes(t.key)).map((t) => t.label);
  return (
    <details className="w-full text-sm" data-testid="root-cause-themes">
      <summary className="cursor-pointer text-slate-700">
        {labels.summary}: <span data-testid="root-cause-theme-names">{names.length ? names.join(" · ") : labels.none}</span>
      </summary>
      <form action={setRootCauseThemesAction} className="mt-2 space-y-2 rounded-md border border-slate-200 p-3">
        <input type="hidden" name="rootCauseId" value={rootCauseId} />
        <p className="text-xs text-slate-600">{labels.help}</p>
        <fieldset className="flex flex-wrap gap-x-4 gap-y-1.5">
          {themes.map((theme) => (
            <label key={theme.key} className="flex items-center gap-1.5 text-slate-800">
              <input type="checkbox" name="themeKeys" value={theme.key} defaultChecked={selected.includes(theme.key)} className="h-4 w-4 rounded border-slate-400" />
              {theme.label}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50" data-testid="root-cause-themes-save">
          {labels.save}
        </button>
      </form>
    </details>
  );
}
