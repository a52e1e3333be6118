import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { LOCALES, type Locale } from "@/i18n/locales";
import { caseSettingsEn } from "@/i18n/messages/areas/case-settings.en";
import type { MessageKey, Translate } from "@/i18n/translate";
import { CASE_PRIORITIES, type CasePriorityName, type CaseRuleMatch } from "@/lib/case-rules";
import { hasRole } from "@/lib/roles";
import { CASE_SLA_HOURS_MAX, REPLY_TEMPLATE_PLACEHOLDERS } from "@/schemas/case-settings";
import { requireUser } from "@/server/auth/session";
import { getCaseSettings, type CaseSettingsRule } from "@/server/cases/get-case-settings";
import { getTranslator } from "@/server/i18n/request-locale";
import { rootCauseThemeOptions } from "@/server/text/root-cause-themes";
import {
  deleteRootCauseAction,
  deleteRuleAction,
  deleteTemplateAction,
  moveRuleAction,
  saveRootCauseAction,
  saveRuleAction,
  saveTemplateAction,
  setRootCauseActiveAction,
  setRuleActiveAction,
  updateSlaAction,
} from "./actions";
import type { CaseSettingsLabels, CaseSettingsMessages } from "./form-helpers";
import { AddRootCauseForm, RenameRootCauseForm } from "./root-cause-forms";
import { RootCauseThemesForm } from "./root-cause-themes-form";
import { RowAction } from "./row-action";
import { RuleForm } from "./rule-form";
import { SlaForm } from "./sla-form";
import { CASE_SETTINGS_MESSAGE_KEYS } from "./state";
import { TemplateForm } from "./template-form";
import { interpolate } from "@/i18n/interpolate";

export const metadata: Metadata = { title: "Case settings · 工单设置" };

const PLACEHOLDER_LIST = REPLY_TEMPLATE_PLACEHOLDERS.map((name) => `{${name}}`).join(", ");

function translatedLabels(t: Translate): CaseSettingsLabels {
  const keys = Object.keys(caseSettingsEn) as (keyof typeof caseSettingsEn)[];
  return Object.fromEntries(keys.map((key) => [key, t(key, { max: CASE_SLA_HOURS_MAX, list: PLACEHOLDER_LIST })])) as CaseSettingsLabels;
}

function ruleConditions(match: CaseRuleMatch, labels: CaseSettingsLabels, units: Map<string, string>): string[] {
  const out: string[] = [];
  if (match.categories?.length) {
    const names = match.categories.map((category) => labels[`caseSettings.rules.category.${category}`]);
    out.push(interpolate(labels["caseSettings.rules.summary.categories"], { values: names.join(" / ") }));
  }
  if (match.minScore !== undefined) out.push(interpolate(labels["caseSettings.rules.summary.minScore"], { score: match.minScore }));
  if (match.maxScore !== undefined) out.push(interpolate(labels["caseSettings.rules.summary.maxScore"], { score: match.maxScore }));
  if (match.touchpoints?.length) out.push(interpolate(labels["caseSettings.rules.summary.touchpoints"], { values: match.touchpoints.join(", ") }));
  for (const [key, values] of Object.entries(match.attributes ?? {})) out.push(interpolate(labels["caseSettings.rules.summary.attribute"], { key, values: values.join(", ") }));
  if (match.surveyIds?.length) out.push(interpolate(labels["caseSettings.rules.summary.surveys"], { count: match.surveyIds.length }));
  if (match.unitCodes?.length) {
    out.push(interpolate(labels["caseSettings.rules.summary.units"], { values: match.unitCodes.map((code) => units.get(code) ?? code).join(", ") }));
  }
  return out;
}

function ruleOwner(rule: CaseSettingsRule, labels: CaseSettingsLabels): string {
  if (rule.ownerId) return rule.ownerName ?? "—";
  if (rule.ownerUnitId) return interpolate(labels["caseSettings.rules.owner.unit"], { unit: rule.ownerUnitName ?? "—" });
  return labels["caseSettings.rules.owner.auto"];
}

const PRIORITY_STYLE: Record<CasePriorityName, string> = {
  URGENT: "bg-red-100 text-red-800",
  HIGH: "bg-amber-100 text-amber-900",
  NORMAL: "bg-blue-50 text-blue-800",
  LOW: "bg-slate-100 text-slate-700",
};

function StatusBadge({ active, labels }: { active: boolean; labels: CaseSettingsLabels }) {
  return active ? (
    <span className="rounded bg-green-50 px-1.5 py-0.5 text-xs font-medium text-green-800">{labels["caseSettings.active"]}</span>
  ) : (
    <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600">{labels["caseSettings.inactive"]}</span>
  );
}

/** Settings → Cases (ADMIN and OWNER; others get the 404 page, as for the other settings pages). */
export default async function CaseSettingsPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const settings = await getCaseSettings({ actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role } });
  // Comment themes → root causes (issue 14).
  const themeOptions = await rootCauseThemeOptions(viewer.organizationId, locale);
  const themeLabels = { summary: t("themes.rootCauses.summary"), none: t("themes.rootCauses.none"), save: t("themes.rootCauses.save"), help: t("themes.rootCauses.help") };
  const labels = translatedLabels(t);
  const messages = Object.fromEntries(CASE_SETTINGS_MESSAGE_KEYS.map((key) => [key, labels[key]])) as CaseSettingsMessages;
  const priorities = Object.fromEntries(CASE_PRIORITIES.map((p) => [p, t(`cases.priority.${p}` as MessageKey)])) as Record<CasePriorityName, string>;
  const localeNames = Object.fromEntries(LOCALES.map((locale) => [locale, t(`locale.${locale}`)])) as Record<Locale, string>;
  const unitNames = new Map(settings.units.map((unit) => [unit.code, unit.name]));
  const members = settings.members;
  const lastIndex = settings.rules.length - 1;
  return (
    <div className="space-y-6">
      <PageHeader title={labels["caseSettings.title"]} subtitle={labels["caseSettings.subtitle"]} />

      <Card title={labels["caseSettings.sla.title"]} description={labels["caseSettings.sla.help"]}>
        <SlaForm action={updateSlaAction} slaHours={settings.slaHours} fallbackOwnerId={settings.fallbackOwnerId} members={members} labels={labels} priorities={priorities} messages={messages} />
      </Card>

      <Card title={labels["caseSettings.rules.title"]} description={labels["caseSettings.rules.help"]}>
        {settings.rules.length === 0 ? (
          <p className="text-sm text-slate-600" data-testid="case-rules-empty">
            {labels["caseSettings.rules.empty"]}
          </p>
        ) : (
          <ol className="divide-y divide-slate-100" data-testid="case-rules">
            {settings.rules.map((rule, index) => {
              const conditions = rule.match ? ruleConditions(rule.match, labels, unitNames) : null;
              return (
                <li key={rule.id} className="flex flex-wrap items-start gap-x-4 gap-y-2 py-3" data-testid="case-rule" data-name={rule.name} data-active={rule.active}>
                  <div className="flex w-16 shrink-0 items-center gap-1">
                    <span className="w-5 text-right text-sm font-semibold tabular-nums text-slate-500">{index + 1}</span>
                    <div className="flex flex-col gap-0.5">
                      {index > 0 && (
                        <RowAction action={moveRuleAction} fields={{ id: rule.id, direction: "up" }} label="↑" ariaLabel={labels["caseSettings.rules.moveUp"]} messages={messages} testId="rule-move-up" />
                      )}
                      {index < lastIndex && (
                        <RowAction action={moveRuleAction} fields={{ id: rule.id, direction: "down" }} label="↓" ariaLabel={labels["caseSettings.rules.moveDown"]} messages={messages} testId="rule-move-down" />
                      )}
                    </div>
                  </div>
                  <div className="min-w-48 flex-1">
                    <p className={`text-sm font-medium ${rule.active ? "text-slate-900" : "text-slate-500"}`}>{rule.name}</p>
                    {conditions ? (
                      <ul className="mt-1 flex flex-wrap gap-1">
                        {conditions.map((condition) => (
                          <li key={condition} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                            {condition}
                          </li>
                        ))}
                      </ul>
                    ) : (
                      <p className="mt-1 text-xs text-amber-800">{labels["caseSettings.rules.summary.invalid"]}</p>
                    )}
                  </div>
                  <div className="w-44 text-sm">
                    <span className="block text-xs text-slate-500">{labels["caseSettings.rules.owner"]}</span>
                    <span className="text-slate-800" data-testid="case-rule-owner">
                      {ruleOwner(rule, labels)}
                    </span>
                  </div>
                  <div className="flex w-28 flex-col items-start gap-1">
                    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${PRIORITY_STYLE[rule.priority]}`} data-testid="case-rule-priority">
                      {priorities[rule.priority]}
                    </span>
                    <StatusBadge active={rule.active} labels={labels} />
                  </div>
                  <div className="flex w-40 flex-wrap items-start justify-end gap-2">
                    <RowAction
                      action={setRuleActiveAction}
                      fields={{ id: rule.id, active: rule.active ? "false" : "true" }}
                      label={rule.active ? labels["caseSettings.deactivate"] : labels["caseSettings.activate"]}
                      messages={messages}
                      testId="rule-toggle"
                    />
                    {rule.caseCount === 0 && (
                      <RowAction
                        action={deleteRuleAction}
                        fields={{ id: rule.id }}
                        label={labels["caseSettings.delete"]}
                        pendingLabel={labels["caseSettings.deleting"]}
                        confirm={interpolate(labels["caseSettings.rules.deleteConfirm"], { name: rule.name })}
                        danger
                        messages={messages}
                        testId="rule-delete"
                      />
                    )}
                  </div>
                  <RuleForm
                    action={saveRuleAction}
                    rule={rule}
                    members={members}
                    units={settings.units}
                    labels={labels}
                    priorities={priorities}
                    messages={messages}
                    triggerLabel={labels["caseSettings.edit"]}
                    title={interpolate(labels["caseSettings.rules.editTitle"], { name: rule.name })}
                  />
                </li>
              );
            })}
          </ol>
        )}
        <div className="mt-4 border-t border-slate-100 pt-4">
          <RuleForm
            action={saveRuleAction}
            rule={null}
            members={members}
            units={settings.units}
            labels={labels}
            priorities={priorities}
            messages={messages}
            triggerLabel={labels["caseSettings.rules.add"]}
            title={labels["caseSettings.rules.new"]}
            primaryTrigger
          />
        </div>
      </Card>

      <Card title={labels["caseSettings.rootCauses.title"]} description={labels["caseSettings.rootCauses.help"]}>
        <ul className="divide-y divide-slate-100" data-testid="root-causes">
          {settings.rootCauses.map((cause) => (
            <li key={cause.id} id={`rc-${cause.id}`} className="flex scroll-mt-20 flex-wrap items-start gap-x-4 gap-y-2 py-2.5" data-testid="root-cause" data-key={cause.key} data-active={cause.active}>
              <code className="w-44 shrink-0 truncate pt-0.5 font-mono text-xs text-slate-500" title={cause.key}>
                {cause.key}
              </code>
              <div className="min-w-48 flex-1 text-sm">
                <span className={cause.active ? "font-medium text-slate-900" : "font-medium text-slate-500"} lang="zh-CN" data-testid="root-cause-zh">
                  {cause.labelZh}
                </span>
                <span className="text-slate-400"> · </span>
                <span className={cause.active ? "text-slate-700" : "text-slate-500"} lang="en" data-testid="root-cause-en">
                  {cause.labelEn}
                </span>
              </div>
              <span className="w-24 pt-0.5 text-xs text-slate-500">{interpolate(labels["caseSettings.caseCount"], { count: cause.caseCount })}</span>
              <span className="w-20">
                <StatusBadge active={cause.active} labels={labels} />
              </span>
              <div className="flex w-40 flex-wrap items-start justify-end gap-2">
                <RowAction
                  action={setRootCauseActiveAction}
                  fields={{ id: cause.id, active: cause.active ? "false" : "true" }}
                  label={cause.active ? labels["caseSettings.deactivate"] : labels["caseSettings.activate"]}
                  messages={messages}
                  testId="root-cause-toggle"
                />
                {cause.caseCount === 0 && (
                  <RowAction
                    action={deleteRootCauseAction}
                    fields={{ id: cause.id }}
                    label={labels["caseSettings.delete"]}
                    pendingLabel={labels["caseSettings.deleting"]}
                    confirm={interpolate(labels["caseSettings.rootCauses.deleteConfirm"], { name: `${cause.labelZh} / ${cause.labelEn}` })}
                    danger
                    messages={messages}
                    testId="root-cause-delete"
                  />
                )}
              </div>
              <RenameRootCauseForm action={saveRootCauseAction} cause={cause} labels={labels} messages={messages} />
              <RootCauseThemesForm rootCauseId={cause.id} themes={themeOptions.themes} selected={themeOptions.byRootCause.get(cause.id) ?? []} labels={themeLabels} />
            </li>
          ))}
        </ul>
        <div className="mt-4 border-t border-slate-100 pt-4">
          <AddRootCauseForm action={saveRootCauseAction} labels={labels} messages={messages} />
        </div>
      </Card>

      <Card title={labels["caseSettings.templates.title"]} description={labels["caseSettings.templates.help"]}>
        <p className="mb-4 rounded-md bg-blue-50 px-3 py-2 text-xs text-blue-900" data-testid="template-placeholders">
          {labels["caseSettings.templates.placeholders"]}
        </p>
        <div className="space-y-6">
          {LOCALES.map((locale) => {
            const templates = settings.templates.filter((template) => template.locale === locale);
            return (
              <section key={locale} data-testid={`reply-templates-${locale}`}>
                <h3 className="mb-2 text-sm font-semibold text-slate-800">{localeNames[locale]}</h3>
                {templates.length === 0 ? (
                  <p className="text-sm text-slate-600">{labels["caseSettings.templates.empty"]}</p>
                ) : (
                  <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
                    {templates.map((template) => (
                      <li key={template.id} className="flex flex-wrap items-start gap-x-4 gap-y-2 px-3 py-3" data-testid="reply-template" data-name={template.name}>
                        <div className="min-w-48 flex-1" lang={locale}>
                          <p className="text-sm font-medium text-slate-900">{template.name}</p>
                          <p className="text-sm text-slate-700" data-testid="reply-template-subject">
                            {template.subject}
                          </p>
                          <p className="mt-1 line-clamp-2 whitespace-pre-line text-xs text-slate-500">{template.body}</p>
                        </div>
                        <div className="flex flex-wrap items-start justify-end gap-2">
                          {templates.length > 1 && (
                            <RowAction
                              action={deleteTemplateAction}
                              fields={{ id: template.id }}
                              label={labels["caseSettings.delete"]}
                              pendingLabel={labels["caseSettings.deleting"]}
                              confirm={interpolate(labels["caseSettings.templates.deleteConfirm"], { name: template.name })}
                              danger
                              messages={messages}
                              testId="template-delete"
                            />
                          )}
                        </div>
                        <TemplateForm
                          action={saveTemplateAction}
                          template={template}
                          defaultLocale={locale}
                          labels={labels}
                          localeNames={localeNames}
                          messages={messages}
                          triggerLabel={labels["caseSettings.edit"]}
                          title={interpolate(labels["caseSettings.templates.editTitle"], { name: template.name })}
                        />
                      </li>
                    ))}
                  </ul>
                )}
                <div className="mt-2">
                  <TemplateForm
                    action={saveTemplateAction}
                    template={null}
                    defaultLocale={locale}
                    labels={labels}
                    localeNames={localeNames}
                    messages={messages}
                    triggerLabel={labels["caseSettings.templates.add"]}
                    title={labels["caseSettings.templates.new"]}
                    primaryTrigger
                  />
                </div>
              </section>
            );
          })}
        </div>
      </Card>
    </div>
  );
}
