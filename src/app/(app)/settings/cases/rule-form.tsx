"use client";

import { useActionState, useState } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import { CASE_PRIORITIES, type CasePriorityName, type CaseRuleMatch } from "@/lib/case-rules";
import { CASE_RULE_NAME_MAX, formatAttributeLines } from "@/schemas/case-settings";
import { EditFormActions, useFormToggle } from "./form-bits";
import { fieldError, posted, smallButtonClass, textareaClass, type CaseSettingsLabels, type CaseSettingsMessages } from "./form-helpers";
import type { CaseSettingsAction } from "./state";

const CATEGORIES = ["DETRACTOR", "PASSIVE", "PROMOTER"] as const;
type OwnerKind = "user" | "unit" | "auto";

export type RuleFormRule = {
  id: string;
  name: string;
  match: CaseRuleMatch | null;
  ownerId: string | null;
  ownerUnitId: string | null;
  priority: CasePriorityName;
  active: boolean;
};

/** Add or edit one assignment rule, behind an "Add rule" / "Edit" button. */
export function RuleForm({
  action,
  rule,
  members,
  units,
  labels,
  priorities,
  messages,
  triggerLabel,
  title,
  primaryTrigger = false,
}: {
  action: CaseSettingsAction;
  rule: RuleFormRule | null;
  members: { userId: string; name: string; email: string }[];
  units: { id: string; code: string; name: string; managerName: string | null }[];
  labels: CaseSettingsLabels;
  priorities: Record<CasePriorityName, string>;
  messages: CaseSettingsMessages;
  triggerLabel: string;
  title: string;
  primaryTrigger?: boolean;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const toggle = useFormToggle(state);
  const storedKind: OwnerKind = rule?.ownerId ? "user" : rule?.ownerUnitId ? "unit" : rule ? "auto" : "user";
  const [ownerKind, setOwnerKind] = useState<OwnerKind>(storedKind);
  const testId = rule ? `rule-form-${rule.id}` : "rule-form-new";
  if (!toggle.open) {
    return primaryTrigger ? (
      <Button type="button" onClick={toggle.show} data-testid={`${testId}-open`}>
        {triggerLabel}
      </Button>
    ) : (
      <button type="button" className={smallButtonClass} onClick={toggle.show} data-testid={`${testId}-open`}>
        {triggerLabel}
      </button>
    );
  }
  const id = (name: string) => `${testId}-${name}`;
  const match = rule?.match ?? {};
  const postedCategories = !state.ok && Array.isArray(state.values?.categories) ? state.values.categories : null;
  const categories: readonly string[] = postedCategories ?? (rule ? (match.categories ?? []) : ["DETRACTOR"]);
  const activeDefault = !state.ok && state.values ? state.values.active === "on" : (rule?.active ?? true);
  const kind = ownerKind;
  const err = (name: string) => fieldError(state, messages, name);
  return (
    <form key={state.at ?? "form"} action={formAction} className="w-full space-y-4 rounded-lg border border-slate-200 bg-slate-50 p-4 text-left" data-testid={testId}>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {rule && <input type="hidden" name="id" value={rule.id} />}
      <div className="grid gap-4 md:grid-cols-2">
        <Field label={labels["caseSettings.rules.name"]} htmlFor={id("name")} error={err("name")}>
          <TextInput id={id("name")} name="name" required maxLength={CASE_RULE_NAME_MAX} defaultValue={posted(state, "name", rule?.name ?? "")} invalid={!!err("name")} />
        </Field>
        <Field label={labels["caseSettings.rules.priority"]} htmlFor={id("priority")} error={err("priority")}>
          <Select id={id("priority")} name="priority" defaultValue={posted(state, "priority", rule?.priority ?? "NORMAL")}>
            {[...CASE_PRIORITIES].reverse().map((priority) => (
              <option key={priority} value={priority}>
                {priorities[priority]}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      <fieldset>
        <legend className="block text-sm font-medium text-slate-700">{labels["caseSettings.rules.categories"]}</legend>
        <div className="mt-1 flex flex-wrap gap-4">
          {CATEGORIES.map((category) => (
            <label key={category} className="inline-flex items-center gap-2 text-sm text-slate-800">
              <input type="checkbox" name="categories" value={category} defaultChecked={categories.includes(category)} className="h-4 w-4 rounded border-slate-300" />
              {labels[`caseSettings.rules.category.${category}`]}
            </label>
          ))}
        </div>
        <p className="mt-1 text-xs text-slate-500">{labels["caseSettings.rules.categoriesHint"]}</p>
      </fieldset>
      <div className="grid gap-4 md:grid-cols-[10rem_1fr]">
        <Field label={labels["caseSettings.rules.maxScore"]} htmlFor={id("maxScore")} error={err("maxScore")} hint={labels["caseSettings.rules.maxScoreHint"]}>
          <TextInput
            id={id("maxScore")}
            name="maxScore"
            type="number"
            min={0}
            max={10}
            step={1}
            defaultValue={posted(state, "maxScore", match.maxScore === undefined ? "" : String(match.maxScore))}
            invalid={!!err("maxScore")}
          />
        </Field>
        <Field label={labels["caseSettings.rules.touchpoints"]} htmlFor={id("touchpoints")} error={err("touchpoints")} hint={labels["caseSettings.rules.touchpointsHint"]}>
          <TextInput id={id("touchpoints")} name="touchpoints" defaultValue={posted(state, "touchpoints", (match.touchpoints ?? []).join(", "))} invalid={!!err("touchpoints")} />
        </Field>
      </div>
      <Field label={labels["caseSettings.rules.attributes"]} htmlFor={id("attributes")} error={err("attributes")} hint={labels["caseSettings.rules.attributesHint"]}>
        <textarea
          id={id("attributes")}
          name="attributes"
          rows={3}
          spellCheck={false}
          className={`${textareaClass} font-mono ${err("attributes") ? "border-red-600" : ""}`}
          defaultValue={posted(state, "attributes", formatAttributeLines(match.attributes))}
          aria-invalid={!!err("attributes") || undefined}
        />
      </Field>
      {err("conditions") && (
        <p className="text-xs font-medium text-red-700" role="alert" data-testid={`${testId}-conditions-error`}>
          {err("conditions")}
        </p>
      )}
      <fieldset>
        <legend className="block text-sm font-medium text-slate-700">{labels["caseSettings.rules.ownerKind"]}</legend>
        <div className="mt-1 flex flex-col gap-1">
          {(["user", "unit", "auto"] as const).map((value) => (
            <label key={value} className="inline-flex items-center gap-2 text-sm text-slate-800">
              <input type="radio" name="ownerKind" value={value} checked={kind === value} onChange={() => setOwnerKind(value)} className="h-4 w-4" />
              {labels[`caseSettings.rules.ownerKind.${value}`]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 md:grid-cols-2">
        {kind === "user" && (
          <Field label={labels["caseSettings.rules.member"]} htmlFor={id("ownerId")} error={err("ownerId")}>
            <Select id={id("ownerId")} name="ownerId" required defaultValue={posted(state, "ownerId", rule?.ownerId ?? "")}>
              <option value="">{labels["caseSettings.rules.chooseMember"]}</option>
              {members.map((member) => (
                <option key={member.userId} value={member.userId}>
                  {member.name} · {member.email}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {kind === "unit" && (
          <Field label={labels["caseSettings.rules.unit"]} htmlFor={id("ownerUnitId")} error={err("ownerUnitId")} hint={units.length === 0 ? labels["caseSettings.rules.noUnits"] : undefined}>
            <Select id={id("ownerUnitId")} name="ownerUnitId" required defaultValue={posted(state, "ownerUnitId", rule?.ownerUnitId ?? "")}>
              <option value="">{labels["caseSettings.rules.chooseUnit"]}</option>
              {units.map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {unit.name} ({unit.code}){unit.managerName ? ` · ${unit.managerName}` : ""}
                </option>
              ))}
            </Select>
          </Field>
        )}
      </div>
      <label className="inline-flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" name="active" defaultChecked={activeDefault} className="h-4 w-4 rounded border-slate-300" />
        {labels["caseSettings.rules.activeLabel"]}
      </label>
      <EditFormActions state={state} messages={messages} labels={labels} pending={pending} onCancel={toggle.hide} testId={testId} />
    </form>
  );
}
