"use client";

import { useActionState } from "react";
import { Button, TextInput } from "@/components/ui/form";
import { CLASS_NAME_MAX } from "@/schemas/customer-classes";
import type { AddClassField, AddClassMessageKey, AddClassState } from "./add-class-state";

export type AddClassLabels = { key: string; nameZh: string; nameEn: string; add: string; saving: string };

/**
 * "Add class": key and the names in both languages. A refused add (e.g. a key the organisation has already) shows the
 * reason under the field and keeps what was typed; nothing is saved.
 */
export function AddClassForm({
  action,
  labels,
  messages,
}: {
  action: (state: AddClassState, formData: FormData) => Promise<AddClassState>;
  labels: AddClassLabels;
  messages: Record<AddClassMessageKey, string>;
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  const value = (name: AddClassField) => (state.ok ? "" : (state.values?.[name] ?? ""));
  const error = (name: AddClassField) => {
    const key = state.ok ? undefined : state.fields?.[name];
    return key ? messages[key] : undefined;
  };
  const field = (name: AddClassField, label: string, input: Omit<Parameters<typeof TextInput>[0], "id" | "name">) => {
    const id = `class-add-${name}`;
    const message = error(name);
    return (
      <div className="grid w-full gap-1 text-sm sm:w-48">
        <label htmlFor={id} className="text-xs text-slate-600">
          {label}
        </label>
        <TextInput id={id} name={name} defaultValue={value(name)} invalid={Boolean(message)} {...input} />
        {message && (
          <p id={`${id}-error`} role="alert" className="text-xs font-medium text-red-700" data-testid={`class-add-${name}-error`}>
            {message}
          </p>
        )}
      </div>
    );
  };
  return (
    <form key={state.at ?? "form"} action={formAction} className="mt-6 flex flex-wrap items-start gap-3" data-testid="class-add">
      {field("key", labels.key, { maxLength: 40, required: true, placeholder: "vip", spellCheck: false, autoComplete: "off", className: "font-mono" })}
      {field("nameZh", labels.nameZh, { maxLength: CLASS_NAME_MAX, required: true, lang: "zh-CN" })}
      {field("nameEn", labels.nameEn, { maxLength: CLASS_NAME_MAX, required: true, lang: "en" })}
      <div className="grid gap-1 text-sm">
        <span aria-hidden="true" className="hidden text-xs sm:block">
          &nbsp;
        </span>
        <Button type="submit" disabled={pending}>
          {pending ? labels.saving : labels.add}
        </Button>
      </div>
      {state.error && (
        <p role="alert" className="w-full text-sm text-red-800" data-testid="class-add-error">
          {messages[state.error]}
        </p>
      )}
      {state.ok && state.at && (
        <p role="status" className="w-full text-sm text-green-800" data-testid="class-add-saved">
          {messages["classes.names.added"]}
        </p>
      )}
    </form>
  );
}
