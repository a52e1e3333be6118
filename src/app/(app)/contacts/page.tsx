import type { Metadata } from "next";
import Link from "next/link";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatNumber } from "@/lib/format";
import { personalDataView } from "@/lib/personal-data";
import { hasRole } from "@/lib/roles";
import { contactListQuerySchema } from "@/schemas/contact";
import { requireUser } from "@/server/auth/session";
import { listContacts } from "@/server/contacts/list-contacts";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Contacts · 联系人" };

function pageHref(q: string, page: number): string {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return query ? `/contacts?${query}` : "/contacts";
}

export default async function ContactsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const raw = await searchParams;
  const { q, page } = contactListQuerySchema.parse({
    q: typeof raw.q === "string" ? raw.q : undefined,
    page: typeof raw.page === "string" ? raw.page : undefined,
  });
  // Viewers see masked details and cannot search by them (src/lib/personal-data.ts).
  const personalData = personalDataView(viewer.role);
  const list = await listContacts({ organizationId: viewer.organizationId, q, page, personalData });
  const canImport = hasRole(viewer.role, "ADMIN");
  return (
    <>
      <PageHeader
        title={t("contacts.title")}
        subtitle={t("contacts.subtitle")}
        actions={
          <div className="flex flex-wrap items-center gap-3">
          <Link href="/contacts/classes" className="text-sm font-medium text-blue-700 hover:underline" data-testid="classes-link">
            {t("classes.link")}
          </Link>
          {canImport ? (
            <Link
              href="/contacts/import"
              className="inline-flex items-center rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-blue-800"
              data-testid="import-link"
            >
              {t("contacts.importLink")}
            </Link>
          ) : null}
          </div>
        }
      />
      <Card>
        {personalData === "masked" && (
          <p className="mb-4 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="contacts-masked">
            {t("privacy.masked")} {t("privacy.searchMasked")}
          </p>
        )}
        <form method="get" action="/contacts" className="mb-4 flex flex-wrap items-end gap-2" role="search">
          {personalData === "full" && (
            <>
              <label htmlFor="contact-search" className="sr-only">
                {t("contacts.search.label")}
              </label>
              <input
                id="contact-search"
                name="q"
                type="search"
                defaultValue={q}
                maxLength={200}
                placeholder={t("contacts.search.placeholder")}
                className="w-72 rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-blue-600 focus:outline-none focus:ring-2 focus:ring-blue-600"
              />
              <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-semibold text-slate-800 hover:bg-slate-50">
                {t("contacts.search.submit")}
              </button>
              {q && (
                <Link href="/contacts" className="px-2 py-2 text-sm text-blue-700 hover:underline">
                  {t("contacts.search.clear")}
                </Link>
              )}
            </>
          )}
          <span className="ml-auto text-xs text-slate-500" data-testid="contacts-total">
            {t("contacts.total", { total: formatNumber(list.total, locale) })}
          </span>
        </form>
        {list.contacts.length === 0 ? (
          <p className="text-sm text-slate-600">{q && personalData === "full" ? t("contacts.noMatch", { q }) : t("contacts.empty")}</p>
        ) : (
          <>
            <Table
              testId="contacts-table"
              head={
                <>
                  <Th>{t("contacts.name")}</Th>
                  <Th>{t("contacts.email")}</Th>
                  <Th>{t("contacts.locale")}</Th>
                  <Th>{t("contacts.attributes")}</Th>
                </>
              }
            >
              {list.contacts.map((contact) => (
                <Tr key={contact.id}>
                  <Td className="font-medium">
                    <Link href={`/contacts/${contact.id}`} className="text-blue-700 hover:underline">
                      {contact.erasedAt ? t("contacts.erasedName") : (contact.name ?? contact.email ?? t("common.none"))}
                    </Link>
                    {contact.unsubscribedAt && (
                      <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">{t("contacts.unsubscribed")}</span>
                    )}
                    {contact.erasedAt && <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">{t("contacts.erasedBadge")}</span>}
                  </Td>
                  <Td>{contact.email ?? t("common.none")}</Td>
                  <Td>{contact.locale ?? t("common.none")}</Td>
                  <Td>
                    <div className="flex flex-wrap gap-1">
                      {Object.entries(contact.attributes).map(([key, value]) => (
                        <span key={key} className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">
                          {key}: {String(value)}
                        </span>
                      ))}
                    </div>
                  </Td>
                </Tr>
              ))}
            </Table>
            <nav className="mt-4 flex items-center justify-between text-sm" aria-label={t("contacts.page", { page: list.page, pages: list.pages })}>
              {list.page > 1 ? (
                <Link href={pageHref(q, list.page - 1)} className="text-blue-700 hover:underline" rel="prev">
                  {t("contacts.previous")}
                </Link>
              ) : (
                <span />
              )}
              <span className="text-slate-500">
                {t("contacts.page", { page: formatNumber(list.page, locale), pages: formatNumber(list.pages, locale) })}
              </span>
              {list.page < list.pages ? (
                <Link href={pageHref(q, list.page + 1)} className="text-blue-700 hover:underline" rel="next">
                  {t("contacts.next")}
                </Link>
              ) : (
                <span />
              )}
            </nav>
          </>
        )}
      </Card>
    </>
  );
}
