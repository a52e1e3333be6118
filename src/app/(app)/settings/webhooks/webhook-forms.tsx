"use client";

import { useActionState } from "react";
import { Button, Field, Select, TextInput } from "@/components/ui/form";
import { CopySecret } from "../api-keys/copy-secret";
import type { WebhookFormState } from "./actions";

type Action = (state: WebhookFormState, formData: FormData) => Promise<WebhookFormState>;
type Common = { error: Record<"invalid" | "failed", string>; copy: string; copied: string; secretLabel: string; created: string };

function Feedback({ state, labels }: { state: WebhookFormState; labels: Common }) {
  return (
    <>
      {state.error && (
        <p className="text-sm text-red-700" role="alert">
          {labels.error[state.error]}
        </p>
      )}
      {state.ok && state.secret && (
        <div className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4" role="status" data-testid="webhook-secret">
          <p className="text-sm font-medium text-slate-900">{labels.created}</p>
          <CopySecret value={state.secret} label={labels.secretLabel} copy={labels.copy} copied={labels.copied} testId="webhook-secret-value" />
        </div>
      )}
    </>
  );
}

/** Settings → Webhooks: URL, description, events. */
export function CreateWebhookForm({
  action,
  events,
  labels,
}: {
  action: Action;
  events: readonly string[];
  labels: Common & { url: string; description: string; events: string; submit: string };
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <div className="space-y-4">
      <form action={formAction} className="space-y-4" data-testid="create-webhook-form">
        <div className="grid gap-4 md:grid-cols-2">
          <Field label={labels.url} htmlFor="webhook-url">
            <TextInput id="webhook-url" name="url" type="url" required maxLength={2000} placeholder="https://crm.example.com/hooks/nps" />
          </Field>
          <Field label={labels.description} htmlFor="webhook-description">
            <TextInput id="webhook-description" name="description" maxLength={200} />
          </Field>
        </div>
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-800">{labels.events}</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {events.map((event) => (
              <label key={event} className="inline-flex items-center gap-2 font-mono text-xs text-slate-800">
                <input type="checkbox" name="events" value={event} defaultChecked={event === "response.detractor"} />
                {event}
              </label>
            ))}
          </div>
        </fieldset>
        <Button type="submit" disabled={pending}>
          {labels.submit}
        </Button>
      </form>
      <Feedback state={state} labels={labels} />
    </div>
  );
}

/** A "rotate secret" button that shows the new secret once. */
export function RotateSecretForm({ action, id, label, labels }: { action: Action; id: string; label: string; labels: Common }) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <div className="space-y-2">
      <form action={formAction}>
        <input type="hidden" name="id" value={id} />
        <Button type="submit" variant="secondary" disabled={pending} className="px-2 py-1 text-xs">
          {label}
        </Button>
      </form>
      <Feedback state={state} labels={labels} />
    </div>
  );
}

/** Settings → Chat alerts: provider, robot URL, secret, unit, language, events. */
export function CreateChatChannelForm({
  action,
  kinds,
  units,
  events,
  labels,
}: {
  action: Action;
  kinds: { id: string; label: string }[];
  units: { id: string; label: string }[];
  events: readonly string[];
  labels: Common & { kind: string; url: string; secret: string; unit: string; unitAll: string; locale: string; events: string; submit: string };
}) {
  const [state, formAction, pending] = useActionState(action, { ok: false });
  return (
    <div className="space-y-4">
      <form action={formAction} className="space-y-4" data-testid="create-chat-form">
        <div className="grid gap-4 md:grid-cols-2">
          <Field label={labels.kind} htmlFor="chat-kind">
            <Select id="chat-kind" name="kind">
              {kinds.map((kind) => (
                <option key={kind.id} value={kind.id}>
                  {kind.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={labels.url} htmlFor="chat-url">
            <TextInput id="chat-url" name="url" type="url" required maxLength={2000} placeholder="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…" />
          </Field>
          <Field label={labels.secret} htmlFor="chat-secret">
            <TextInput id="chat-secret" name="secret" maxLength={200} autoComplete="off" />
          </Field>
          <Field label={labels.unit} htmlFor="chat-unit">
            <Select id="chat-unit" name="unitId">
              <option value="">{labels.unitAll}</option>
              {units.map((unit) => (
                <option key={unit.id} value={unit.id}>
                  {unit.label}
                </option>
              ))}
            </Select>
          </Field>
          <Field label={labels.locale} htmlFor="chat-locale">
            <Select id="chat-locale" name="locale">
              <option value="zh-CN">简体中文</option>
              <option value="en">English</option>
            </Select>
          </Field>
        </div>
        <fieldset>
          <legend className="mb-2 text-sm font-medium text-slate-800">{labels.events}</legend>
          <div className="flex flex-wrap gap-x-5 gap-y-2">
            {events.map((event) => (
              <label key={event} className="inline-flex items-center gap-2 font-mono text-xs text-slate-800">
                <input type="checkbox" name="events" value={event} defaultChecked />
                {event}
              </label>
            ))}
          </div>
        </fieldset>
        <Button type="submit" disabled={pending}>
          {labels.submit}
        </Button>
      </form>
      <Feedback state={state} labels={labels} />
    </div>
  );
}
