import type { Metadata } from "next";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatNumber } from "@/lib/format";
import { requireUser } from "@/server/auth/session";
import { listContacts } from "@/server/contacts/list-contacts";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Contacts · 联系人" };

export default async function ContactsPage() {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const { total, contacts } = await listContacts({ organizationId: viewer.organizationId });
  return (
    <>
      <PageHeader title={t("contacts.title")} subtitle={t("contacts.subtitle")} />
      <Card>
        {contacts.length === 0 ? (
          <p className="text-sm text-slate-600">{t("contacts.empty")}</p>
        ) : (
          <>
            <p className="mb-3 text-xs text-slate-500">
              {t("contacts.showing", { shown: formatNumber(contacts.length, locale), total: formatNumber(total, locale) })}
            </p>
            <Table
              head={
                <>
                  <Th>{t("contacts.name")}</Th>
                  <Th>{t("contacts.email")}</Th>
                  <Th>{t("contacts.locale")}</Th>
                  <Th>{t("contacts.attributes")}</Th>
                </>
              }
            >
              {contacts.map((contact) => (
                <Tr key={contact.id}>
                  <Td className="font-medium">
                    {contact.name ?? t("common.none")}
                    {contact.unsubscribedAt && (
                      <span className="ml-2 rounded bg-amber-50 px-1.5 py-0.5 text-xs text-amber-800">{t("contacts.unsubscribed")}</span>
                    )}
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
          </>
        )}
      </Card>
    </>
  );
}
