"use client";

import { useActionState, useState } from "react";
import type { JourneyFormState } from "@/app/(app)/journeys/actions";
import { Button, Select, TextInput } from "@/components/ui/form";
import { JOURNEY_TOUCHPOINT_KINDS, MAX_JOURNEY_STAGES, MAX_STAGE_TOUCHPOINTS, type JourneyTouchpointKindName, type JourneyValidationKey } from "@/schemas/journey";

type EditorTouchpoint = { touchpoint: string; kind: JourneyTouchpointKindName };
type EditorStage = { key: number; nameZh: string; nameEn: string; touchpoints: EditorTouchpoint[] };
export type JourneyEditorValue = { nameZh: string; nameEn: string; stages: { nameZh: string; nameEn: string; touchpoints: EditorTouchpoint[] }[] };

export type JourneyEditorLabels = {
  nameZh: string;
  nameEn: string;
  stages: string;
  /** "Stage {n}" */
  stage: string;
  stageNameZh: string;
  stageNameEn: string;
  touchpoints: string;
  touchpoint: string;
  kind: string;
  kinds: Record<JourneyTouchpointKindName, string>;
  chooseTouchpoint: string;
  addStage: string;
  addTouchpoint: string;
  removeTouchpoint: string;
  moveUp: string;
  moveDown: string;
  removeStage: string;
  noTouchpointOptions: string;
  save: string;
  saving: string;
  errors: Record<JourneyValidationKey | "notFound" | "forbidden", string>;
  errorSummary: string;
};

/**
 * The journey editor (ADMIN+): names in both languages, stages in order (add, rename, move up / down, remove) and
 * each stage's touchpoints chosen from the organisation's, with their kind (physical / digital / interpersonal).
 * The whole journey travels as JSON to saveJourneyAction, which validates it again (zod) and answers field errors.
 */
export function JourneyEditor({
  action,
  journeyId,
  initial,
  options,
  labels,
}: {
  action: (state: JourneyFormState, formData: FormData) => Promise<JourneyFormState>;
  journeyId: string | null;
  initial: JourneyEditorValue;
  options: string[];
  labels: JourneyEditorLabels;
}) {
  const [state, formAction, pending] = useActionState(action, {});
  const [nameZh, setNameZh] = useState(initial.nameZh);
  const [nameEn, setNameEn] = useState(initial.nameEn);
  const [nextKey, setNextKey] = useState(initial.stages.length + 1);
  const [stages, setStages] = useState<EditorStage[]>(
    initial.stages.length ? initial.stages.map((s, i) => ({ ...s, key: i })) : [{ key: 0, nameZh: "", nameEn: "", touchpoints: [] }],
  );
  const errorOf = (path: string) => {
    const key = state.fieldErrors?.[path];
    return key ? labels.errors[key] : undefined;
  };
  const update = (index: number, change: (stage: EditorStage) => EditorStage) => setStages((all) => all.map((s, i) => (i === index ? change(s) : s)));
  const move = (index: number, by: -1 | 1) =>
    setStages((all) => {
      const target = index + by;
      if (target < 0 || target >= all.length) return all;
      const copy = [...all];
      const [item] = copy.splice(index, 1);
      if (item) copy.splice(target, 0, item);
      return copy;
    });
  const used = new Set(stages.flatMap((s) => s.touchpoints.map((tp) => tp.touchpoint)));
  const payload: JourneyEditorValue = {
    nameZh,
    nameEn,
    stages: stages.map(({ nameZh: zh, nameEn: en, touchpoints }) => ({ nameZh: zh, nameEn: en, touchpoints: touchpoints.filter((tp) => tp.touchpoint !== "") })),
  };
  const generalError = state.error && !state.fieldErrors ? labels.errors[state.error] : state.fieldErrors ? (errorOf("stages") ?? errorOf("journey") ?? labels.errorSummary) : undefined;

  return (
    <form action={formAction} className="space-y-6" data-testid="journey-editor">
      {journeyId && <input type="hidden" name="id" value={journeyId} />}
      <input type="hidden" name="journey" value={JSON.stringify(payload)} />
      <div className="grid gap-4 sm:grid-cols-2">
        <NameField id="journey-name-zh" label={labels.nameZh} value={nameZh} onChange={setNameZh} error={errorOf("nameZh")} lang="zh-CN" />
        <NameField id="journey-name-en" label={labels.nameEn} value={nameEn} onChange={setNameEn} error={errorOf("nameEn")} lang="en" />
      </div>

      <fieldset className="space-y-4">
        <legend className="text-base font-semibold text-slate-900">{labels.stages}</legend>
        {stages.map((stage, index) => {
          const title = labels.stage.replace("{n}", String(index + 1));
          return (
            <section key={stage.key} className="rounded-lg border border-slate-200 bg-slate-50 p-4" aria-label={title} data-testid="journey-stage-editor">
              <div className="flex flex-wrap items-center justify-between gap-2">
                <h3 className="text-sm font-semibold text-slate-800">{title}</h3>
                <div className="flex flex-wrap gap-1">
                  <SmallButton onClick={() => move(index, -1)} disabled={index === 0} label={`${labels.moveUp} · ${title}`} text={labels.moveUp} />
                  <SmallButton onClick={() => move(index, 1)} disabled={index === stages.length - 1} label={`${labels.moveDown} · ${title}`} text={labels.moveDown} />
                  <SmallButton
                    onClick={() => setStages((all) => all.filter((_, i) => i !== index))}
                    disabled={stages.length === 1}
                    label={`${labels.removeStage} · ${title}`}
                    text={labels.removeStage}
                    danger
                  />
                </div>
              </div>
              <div className="mt-3 grid gap-3 sm:grid-cols-2">
                <NameField
                  id={`stage-${stage.key}-zh`}
                  label={`${title} · ${labels.stageNameZh}`}
                  value={stage.nameZh}
                  onChange={(value) => update(index, (s) => ({ ...s, nameZh: value }))}
                  error={errorOf(`stages.${index}.nameZh`)}
                  lang="zh-CN"
                />
                <NameField
                  id={`stage-${stage.key}-en`}
                  label={`${title} · ${labels.stageNameEn}`}
                  value={stage.nameEn}
                  onChange={(value) => update(index, (s) => ({ ...s, nameEn: value }))}
                  error={errorOf(`stages.${index}.nameEn`)}
                  lang="en"
                />
              </div>
              <div className="mt-3">
                <p className="text-sm font-medium text-slate-700">{labels.touchpoints}</p>
                <ul className="mt-2 space-y-2">
                  {stage.touchpoints.map((tp, t) => {
                    const tpLabel = `${title} · ${labels.touchpoint} ${t + 1}`;
                    const error = errorOf(`stages.${index}.touchpoints.${t}.touchpoint`);
                    return (
                      <li key={t} className="flex flex-wrap items-end gap-2" data-testid="journey-touchpoint-editor">
                        <label className="min-w-40 flex-1 text-xs text-slate-600">
                          {labels.touchpoint}
                          <Select
                            aria-label={tpLabel}
                            value={tp.touchpoint}
                            aria-invalid={error ? true : undefined}
                            onChange={(event) => {
                              const value = event.target.value;
                              update(index, (s) => ({ ...s, touchpoints: s.touchpoints.map((x, k) => (k === t ? { ...x, touchpoint: value } : x)) }));
                            }}
                          >
                            <option value="">{labels.chooseTouchpoint}</option>
                            {options.map((option) => (
                              <option key={option} value={option} disabled={option !== tp.touchpoint && used.has(option)}>
                                {option}
                              </option>
                            ))}
                          </Select>
                        </label>
                        <label className="min-w-32 text-xs text-slate-600">
                          {labels.kind}
                          <Select
                            aria-label={`${tpLabel} · ${labels.kind}`}
                            value={tp.kind}
                            onChange={(event) => {
                              const value = event.target.value as JourneyTouchpointKindName;
                              update(index, (s) => ({ ...s, touchpoints: s.touchpoints.map((x, k) => (k === t ? { ...x, kind: value } : x)) }));
                            }}
                          >
                            {JOURNEY_TOUCHPOINT_KINDS.map((kind) => (
                              <option key={kind} value={kind}>
                                {labels.kinds[kind]}
                              </option>
                            ))}
                          </Select>
                        </label>
                        <SmallButton
                          onClick={() => update(index, (s) => ({ ...s, touchpoints: s.touchpoints.filter((_, k) => k !== t) }))}
                          label={`${labels.removeTouchpoint} · ${tpLabel}`}
                          text={labels.removeTouchpoint}
                          danger
                        />
                        {error && (
                          <p className="w-full text-xs font-medium text-red-700" role="alert">
                            {error}
                          </p>
                        )}
                      </li>
                    );
                  })}
                </ul>
                {options.length === 0 ? (
                  <p className="mt-2 text-xs text-slate-600">{labels.noTouchpointOptions}</p>
                ) : (
                  <button
                    type="button"
                    className="mt-2 text-sm font-medium text-blue-800 hover:underline disabled:text-slate-400"
                    disabled={stage.touchpoints.length >= MAX_STAGE_TOUCHPOINTS}
                    aria-label={`${labels.addTouchpoint} · ${title}`}
                    onClick={() => update(index, (s) => ({ ...s, touchpoints: [...s.touchpoints, { touchpoint: "", kind: "PHYSICAL" }] }))}
                  >
                    + {labels.addTouchpoint}
                  </button>
                )}
              </div>
            </section>
          );
        })}
        <Button
          type="button"
          variant="secondary"
          disabled={stages.length >= MAX_JOURNEY_STAGES}
          onClick={() => {
            setStages((all) => [...all, { key: nextKey, nameZh: "", nameEn: "", touchpoints: [] }]);
            setNextKey((k) => k + 1);
          }}
        >
          + {labels.addStage}
        </Button>
      </fieldset>

      {generalError && (
        <p className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800" role="alert" data-testid="journey-error">
          {generalError}
        </p>
      )}
      <Button type="submit" disabled={pending} data-testid="journey-save">
        {pending ? labels.saving : labels.save}
      </Button>
    </form>
  );
}

function NameField({ id, label, value, onChange, error, lang }: { id: string; label: string; value: string; onChange: (value: string) => void; error?: string; lang: string }) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <TextInput id={id} lang={lang} value={value} maxLength={80} invalid={Boolean(error)} onChange={(event) => onChange(event.target.value)} />
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs font-medium text-red-700" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function SmallButton({ onClick, disabled, label, text, danger }: { onClick: () => void; disabled?: boolean; label: string; text: string; danger?: boolean }) {
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={disabled}
      aria-label={label}
      className={`rounded border bg-white px-2 py-1 text-xs font-medium disabled:opacity-40 ${danger ? "border-red-300 text-red-800 hover:bg-red-50" : "border-slate-300 text-slate-800 hover:bg-slate-100"}`}
    >
      {text}
    </button>
  );
}
