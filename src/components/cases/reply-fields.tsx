"use client";

import { useState } from "react";
import { Field, Select, TextInput } from "@/components/ui/form";

export type ReplyTemplateOption = { id: string; name: string; locale: string; subject: string; body: string };

/** Template picker with editable subject and message; picking a template (or language) refills both. */
export function ReplyFields({
  templates,
  defaultLocale,
  labels,
}: {
  templates: readonly ReplyTemplateOption[];
  defaultLocale: "zh-CN" | "en";
  labels: { template: string; language: string; subject: string; body: string; languages: Record<"zh-CN" | "en", string> };
}) {
  const initial = templates.find((t) => t.locale === defaultLocale) ?? templates[0];
  const [templateId, setTemplateId] = useState(initial?.id ?? "");
  const [locale, setLocale] = useState<"zh-CN" | "en">(initial?.locale === "en" ? "en" : initial ? "zh-CN" : defaultLocale);
  const [subject, setSubject] = useState(initial?.subject ?? "");
  const [body, setBody] = useState(initial?.body ?? "");
  const pick = (id: string) => {
    const template = templates.find((t) => t.id === id);
    setTemplateId(id);
    if (template) {
      setLocale(template.locale === "en" ? "en" : "zh-CN");
      setSubject(template.subject);
      setBody(template.body);
    }
  };
  return (
    <div className="space-y-3">
      <div className="grid gap-3 md:grid-cols-2">
        <Field label={labels.template} htmlFor="reply-template">
          <Select id="reply-template" name="templateId" value={templateId} onChange={(event) => pick(event.target.value)}>
            {templates.map((template) => (
              <option key={template.id} value={template.id}>
                {`${template.name} (${template.locale})`}
              </option>
            ))}
          </Select>
        </Field>
        <Field label={labels.language} htmlFor="reply-locale">
          <Select id="reply-locale" name="locale" value={locale} onChange={(event) => setLocale(event.target.value === "en" ? "en" : "zh-CN")}>
            <option value="zh-CN">{labels.languages["zh-CN"]}</option>
            <option value="en">{labels.languages.en}</option>
          </Select>
        </Field>
      </div>
      <Field label={labels.subject} htmlFor="reply-subject">
        <TextInput id="reply-subject" name="subject" value={subject} onChange={(event) => setSubject(event.target.value)} required maxLength={200} />
      </Field>
      <Field label={labels.body} htmlFor="reply-body">
        <textarea
          id="reply-body"
          name="body"
          value={body}
          onChange={(event) => setBody(event.target.value)}
          required
          maxLength={8000}
          rows={8}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600"
        />
      </Field>
    </div>
  );
}
