import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { Button, Select, TextInput } from "@/components/ui/form";
import type { MessageKey } from "@/i18n/translate";
import type { ClassRule, OutcomeTest } from "@/lib/customer-classes";
import { hasRole } from "@/lib/roles";
import { CLASS_FORM_CONDITION_ROWS, NPS_CATEGORIES } from "@/schemas/customer-classes";
import { requireUser } from "@/server/auth/session";
import { className, getClassSettings } from "@/server/customer-classes/get-class-settings";
import { getTranslator } from "@/server/i18n/request-locale";
import { addClassAction, deleteClassAction, ruleCommandAction, saveClassAction, saveRuleAction } from "./actions";
import { AddClassForm } from "./add-class-form";
import { ADD_CLASS_MESSAGE_KEYS, type AddClassMessageKey } from "./add-class-state";

export const metadata: Metadata = { title: "Customer class rules · 客户分类规则" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };
const ERRORS = ["invalid", "inUse", "duplicate", "notFound", "lastClass"] as const;

const small = "w-24";

/** Settings of customer classes (ADMIN+): class names in both languages, and the ordered rules. */
export default async function ClassSettingsPage({ searchParams }: Props) {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const raw = await searchParams;
  const settings = await getClassSettings(viewer.organizationId);
  const errorKey = ERRORS.find((key) => key === raw.error);
  const message = typeof raw.message === "string" ? raw.message : "";
  const conditionRows = (rule: ClassRule | null) => {
    const tests: { mode: "all" | "any"; test: OutcomeTest | null }[] = [
      ...(rule?.all ?? []).map((test) => ({ mode: "all" as const, test })),
      ...(rule?.any ?? []).map((test) => ({ mode: "any" as const, test })),
    ];
    // The rule's own conditions and one blank row to add one (a new rule: two blank rows).
    const rows = Math.min(CLASS_FORM_CONDITION_ROWS, tests.length + (rule ? 1 : 2));
    while (tests.length < rows) tests.push({ mode: "all", test: null });
    return tests.slice(0, CLASS_FORM_CONDITION_ROWS);
  };
  const ruleForm = (prefix: string, rule: ClassRule | null, id?: string) => (
    <form action={saveRuleAction} className="grid gap-3" data-testid={`${prefix}-form`}>
      {id && <input type="hidden" name="id" value={id} />}
      <div className="flex flex-wrap items-end gap-3">
        <label className="grid gap-1 text-sm">
          <span className="font-medium text-slate-700">{t("classes.rules.class")}</span>
          <Select name="classKey" defaultValue={rule?.classKey ?? settings.classes[0]?.key}>
            {settings.classes.map((c) => (
              <option key={c.key} value={c.key}>
                {className(c, locale)}
              </option>
            ))}
          </Select>
        </label>
        <fieldset className="grid gap-1 text-sm">
          <legend className="font-medium text-slate-700">{t("classes.rules.categories")}</legend>
          <div className="flex flex-wrap gap-3">
            {NPS_CATEGORIES.map((category) => (
              <label key={category} className="flex items-center gap-1">
                <input type="checkbox" name="cat" value={category} defaultChecked={rule?.categories?.includes(category) ?? false} />
                {t(`classes.category.${category}` as MessageKey)}
              </label>
            ))}
          </div>
        </fieldset>
        <label className={`grid gap-1 text-sm ${small}`}>
          <span className="font-medium text-slate-700">{t("classes.rules.scoreMin")}</span>
          <TextInput name="scoreMin" inputMode="numeric" defaultValue={rule?.scoreMin ?? ""} />
        </label>
        <label className={`grid gap-1 text-sm ${small}`}>
          <span className="font-medium text-slate-700">{t("classes.rules.scoreMax")}</span>
          <TextInput name="scoreMax" inputMode="numeric" defaultValue={rule?.scoreMax ?? ""} />
        </label>
      </div>
      <div className="grid gap-2">
        {conditionRows(rule).map(({ mode, test }, i) => (
          <div key={i} className="flex flex-wrap items-end gap-2 text-sm" data-testid={`${prefix}-condition-${i}`}>
            <label className="grid gap-1">
              <span className="text-xs text-slate-600">{t("classes.rules.mode")}</span>
              <Select name={`c${i}.mode`} defaultValue={mode}>
                <option value="all">{t("classes.rules.all")}</option>
                <option value="any">{t("classes.rules.any")}</option>
              </Select>
            </label>
            <label className="grid gap-1">
              <span className="text-xs text-slate-600">{t("classes.rules.presence")}</span>
              <Select name={`c${i}.present`} defaultValue={test && !test.present ? "0" : "1"}>
                <option value="1">{t("classes.rules.present")}</option>
                <option value="0">{t("classes.rules.absent")}</option>
              </Select>
            </label>
            <label className="grid w-36 gap-1">
              <span className="text-xs text-slate-600">{t("classes.rules.type")}</span>
              <TextInput name={`c${i}.type`} maxLength={40} defaultValue={test?.type ?? ""} placeholder="churned" />
            </label>
            <label className={`grid gap-1 ${small}`}>
              <span className="text-xs text-slate-600">{t("classes.rules.window")}</span>
              <TextInput name={`c${i}.window`} inputMode="numeric" defaultValue={test?.windowDays ?? 180} />
            </label>
            <label className="grid w-28 gap-1">
              <span className="text-xs text-slate-600">{t("classes.rules.amount")}</span>
              <TextInput name={`c${i}.min`} inputMode="decimal" defaultValue={test?.minTotal ?? ""} />
            </label>
          </div>
        ))}
      </div>
      <div>
        <Button type="submit" variant={id ? "secondary" : "primary"}>
          {id ? t("classes.rules.save") : t("classes.rules.add")}
        </Button>
      </div>
    </form>
  );
  return (
    <>
      <PageHeader
        title={t("classes.rules.title")}
        subtitle={t("classes.rules.subtitle")}
        actions={
          <Link href="/contacts/classes" className="text-sm text-blue-700 hover:underline">
            {t("classes.backToOverview")}
          </Link>
        }
      />
      {raw.saved === "1" && (
        <p role="status" className="mb-4 rounded-md bg-green-50 px-3 py-2 text-sm text-green-800" data-testid="class-settings-saved">
          {t("classes.rules.saved")}
        </p>
      )}
      {errorKey && (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800" data-testid="class-settings-error">
          {errorKey === "invalid" ? t("classes.error.invalid", { message }) : t(`classes.error.${errorKey}` as MessageKey)}
        </p>
      )}
      <div className="grid grid-cols-1 gap-6">
        <Card title={t("classes.rules.title")} description={t("classes.rules.conditionHint")}>
          <ol id="rules" className="grid gap-4" data-testid="class-rules">
            {settings.rules.map((row, index) => (
              <li key={row.id} className="rounded-lg border border-slate-200 p-4" data-testid={`class-rule-${index}`}>
                <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
                  <span className="text-sm font-semibold text-slate-800">
                    {t("classes.rules.position")} {index + 1}
                  </span>
                  <form action={ruleCommandAction} className="flex gap-2">
                    <input type="hidden" name="id" value={row.id} />
                    <Button type="submit" name="command" value="up" variant="secondary" disabled={index === 0}>
                      {t("classes.rules.up")}
                    </Button>
                    <Button type="submit" name="command" value="down" variant="secondary" disabled={index === settings.rules.length - 1}>
                      {t("classes.rules.down")}
                    </Button>
                    <Button type="submit" name="command" value="delete" variant="secondary">
                      {t("classes.rules.delete")}
                    </Button>
                  </form>
                </div>
                {ruleForm(`rule-${index}`, row.rule, row.id)}
              </li>
            ))}
          </ol>
          <div className="mt-6 rounded-lg border border-dashed border-slate-300 p-4">
            <h3 className="mb-3 text-sm font-semibold text-slate-800">{t("classes.rules.add")}</h3>
            {ruleForm("new-rule", null)}
          </div>
        </Card>
        <Card title={t("classes.names.title")}>
          <ul id="classes" className="grid gap-3" data-testid="class-names">
            {settings.classes.map((c) => (
              <li key={c.key} className="flex flex-wrap items-end gap-3">
                <form action={saveClassAction} className="flex flex-wrap items-end gap-3" data-testid={`class-name-${c.key}`}>
                  <input type="hidden" name="key" value={c.key} />
                  <span className="w-24 pb-2 font-mono text-sm text-slate-700">{c.key}</span>
                  <label className="grid gap-1 text-sm">
                    <span className="text-xs text-slate-600">{t("classes.names.zh")}</span>
                    <TextInput name="nameZh" defaultValue={c.nameZh} maxLength={60} required />
                  </label>
                  <label className="grid gap-1 text-sm">
                    <span className="text-xs text-slate-600">{t("classes.names.en")}</span>
                    <TextInput name="nameEn" defaultValue={c.nameEn} maxLength={60} required />
                  </label>
                  <Button type="submit" variant="secondary">
                    {t("classes.names.save")}
                  </Button>
                </form>
                {c.ruleCount > 0 ? (
                  <span className="pb-2 text-xs text-slate-500">{t("classes.names.inUse", { count: c.ruleCount })}</span>
                ) : (
                  <form action={deleteClassAction}>
                    <input type="hidden" name="key" value={c.key} />
                    <Button type="submit" variant="secondary">
                      {t("classes.names.delete")}
                    </Button>
                  </form>
                )}
              </li>
            ))}
          </ul>
          <AddClassForm
            action={addClassAction}
            labels={{ key: t("classes.names.key"), nameZh: t("classes.names.zh"), nameEn: t("classes.names.en"), add: t("classes.names.add"), saving: t("classes.names.saving") }}
            messages={Object.fromEntries(ADD_CLASS_MESSAGE_KEYS.map((key) => [key, t(key)])) as Record<AddClassMessageKey, string>}
          />
        </Card>
      </div>
    </>
  );
}
