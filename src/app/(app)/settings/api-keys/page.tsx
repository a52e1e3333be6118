import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ConfirmActionButton } from "@/components/ui/confirm-action-button";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Translate } from "@/i18n/translate";
import { formatDateTime } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { API_RESOURCES, normalizeScopes } from "@/lib/api-scopes";
import { API_KEY_NAME_MAX } from "@/schemas/api";
import { API_RATE_LIMIT_DEFAULT } from "@/schemas/api-key-scopes";
import { listApiKeys, type ApiKeySummary } from "@/server/api-keys/list-api-keys";
import { listApiKeyUnitOptions } from "@/server/api-keys/list-api-key-units";
import { requireUser } from "@/server/auth/session";
import { getTranslator } from "@/server/i18n/request-locale";
import { createApiKeyAction, revokeApiKeyAction, type ApiKeyMessageKey } from "./actions";
import { CreateApiKeyForm } from "./create-api-key-form";

export const metadata: Metadata = { title: "API keys · API 密钥" };

function messages(t: Translate): Record<ApiKeyMessageKey, string> {
  return {
    "apiKeys.error.nameRequired": t("apiKeys.error.nameRequired"),
    "apiKeys.error.nameTooLong": t("apiKeys.error.nameTooLong", { max: API_KEY_NAME_MAX }),
    "apiKeys.error.forbidden": t("apiKeys.error.forbidden"),
    "apiKeys.error.notFound": t("apiKeys.error.notFound"),
    "apiKeys.error.failed": t("apiKeys.error.failed"),
    "apiScopes.error.scopes": t("apiScopes.error.scopes"),
    "apiScopes.error.unit": t("apiScopes.error.unit"),
  };
}

/** "Surveys: Read · Cases: Read and write · personal data · unit: 华东 · 600/min". */
function scopeSummary(t: Translate, key: ApiKeySummary): string[] {
  const parts = normalizeScopes(key.scopes).map((scope) => {
    const [resource, access] = scope.split(":") as [(typeof API_RESOURCES)[number], "read" | "write"];
    return `${t(`apiScopes.resource.${resource}`)}: ${t(`apiScopes.access.${access}`)}`;
  });
  if (parts.length === 0) parts.push(t("apiScopes.summary.none"));
  if (key.personalData) parts.push(t("apiScopes.summary.personal"));
  if (key.scopeUnitName) parts.push(t("apiScopes.summary.unit", { unit: key.scopeUnitName }));
  parts.push(t("apiScopes.summary.rate", { n: key.rateLimitPerMinute }));
  return parts;
}

/** Organisation API keys: ADMIN and OWNER only (others get the 404 page, so the page's existence is not advertised). */
export default async function ApiKeysPage() {
  const viewer = await requireUser();
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const [keys, units] = await Promise.all([
    listApiKeys({ organizationId: viewer.organizationId }),
    listApiKeyUnitOptions({ organizationId: viewer.organizationId }),
  ]);
  const formMessages = messages(t);
  const when = (date: Date) => formatDateTime(date, locale, viewer.timeZone);
  return (
    <>
      <PageHeader
        title={t("apiKeys.title")}
        subtitle={t("apiKeys.subtitle")}
        actions={
          <a href="/api/v1/openapi.json" className="text-sm font-medium text-blue-800 hover:underline" target="_blank" rel="noreferrer">
            {t("apiKeys.docs")}
          </a>
        }
      />
      <div className="space-y-6">
        <Card title={t("apiKeys.new")}>
          <CreateApiKeyForm
            action={createApiKeyAction}
            messages={formMessages}
            nameMax={API_KEY_NAME_MAX}
            scopeFields={{
              legend: t("apiScopes.legend"),
              hint: t("apiScopes.hint"),
              resources: API_RESOURCES.map((id) => ({ id, label: t(`apiScopes.resource.${id}`) })),
              access: { none: t("apiScopes.access.none"), read: t("apiScopes.access.read"), write: t("apiScopes.access.write") },
              personalData: t("apiScopes.personalData"),
              unit: t("apiScopes.unit"),
              unitAll: t("apiScopes.unit.all"),
              unitHint: t("apiScopes.unit.hint"),
              units,
              rateLimit: t("apiScopes.rateLimit"),
              rateLimitDefault: API_RATE_LIMIT_DEFAULT,
            }}
            labels={{
              name: t("apiKeys.name"),
              namePlaceholder: t("apiKeys.namePlaceholder"),
              nameHint: t("apiKeys.nameHint"),
              submit: t("apiKeys.create"),
              submitting: t("apiKeys.creating"),
              created: t("apiKeys.created"),
              warning: t("apiKeys.createdWarning"),
              usage: t("apiKeys.usage"),
              secretLabel: t("apiKeys.secretLabel"),
              copy: t("apiKeys.copy"),
              copied: t("apiKeys.copied"),
            }}
          />
        </Card>
        <Card title={t("apiKeys.list")}>
          {keys.length === 0 ? (
            <p className="text-sm text-slate-600" data-testid="no-api-keys">
              {t("apiKeys.empty")}
            </p>
          ) : (
            <Table
              testId="api-keys"
              head={
                <>
                  <Th>{t("apiKeys.name")}</Th>
                  <Th>{t("apiKeys.prefix")}</Th>
                  <Th>{t("apiScopes.column")}</Th>
                  <Th>{t("apiKeys.createdAt")}</Th>
                  <Th>{t("apiKeys.lastUsedAt")}</Th>
                  <Th>{t("apiKeys.status")}</Th>
                  <Th>
                    <span className="sr-only">{t("apiKeys.actions")}</span>
                  </Th>
                </>
              }
            >
              {keys.map((key) => (
                <Tr key={key.id}>
                  <Td className="font-medium text-slate-900">{key.name}</Td>
                  <Td className="font-mono text-xs">{`nps_${key.prefix}_…`}</Td>
                  <Td className="text-xs text-slate-700" data-testid="api-key-scopes-summary">
                    <ul className="space-y-0.5">
                      {scopeSummary(t, key).map((part) => (
                        <li key={part}>{part}</li>
                      ))}
                    </ul>
                  </Td>
                  <Td>
                    {when(key.createdAt)}
                    {key.createdBy && <span className="block text-xs text-slate-500">{key.createdBy}</span>}
                  </Td>
                  <Td>{key.lastUsedAt ? when(key.lastUsedAt) : t("apiKeys.neverUsed")}</Td>
                  <Td>
                    {key.revokedAt ? (
                      <span className="text-slate-500">{t("apiKeys.revokedAt", { date: when(key.revokedAt) })}</span>
                    ) : (
                      <span className="font-medium text-green-800">{t("apiKeys.active")}</span>
                    )}
                  </Td>
                  <Td className="text-right">
                    {!key.revokedAt && (
                      <ConfirmActionButton
                        action={revokeApiKeyAction}
                        id={key.id}
                        messages={formMessages}
                        labels={{
                          idle: t("apiKeys.revoke"),
                          pending: t("apiKeys.revoking"),
                          confirm: t("apiKeys.revokeConfirm", { name: key.name }),
                        }}
                      />
                    )}
                  </Td>
                </Tr>
              ))}
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
