import type { Metadata } from "next";
import Link from "next/link";
import { ImportWizard } from "@/components/contacts/import-wizard";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatDateTime, formatNumber } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { contactsMessages } from "@/server/contacts/contacts-messages";
import { listContactImports } from "@/server/contacts/get-contact-import";
import { MAX_UPLOAD_BYTES } from "@/server/contacts/import-source";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Import contacts · 导入联系人" };

export default async function ImportContactsPage() {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  if (!hasRole(viewer.role, "ADMIN")) {
    return (
      <>
        <PageHeader title={t("contacts.import.title")} />
        <Card>
          <p className="text-sm text-slate-700" role="alert">
            {t("contacts.import.error.forbidden")}
          </p>
        </Card>
      </>
    );
  }
  const actor = { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role };
  const recent = await listContactImports({ actor });
  return (
    <>
      <PageHeader title={t("contacts.import.title")} subtitle={t("contacts.import.subtitle")} />
      <div className="space-y-6">
        <Card>
          <ImportWizard messages={contactsMessages(locale)} maxMb={Math.round(MAX_UPLOAD_BYTES / 2 ** 20)} locale={locale} />
        </Card>
        {recent.length > 0 && (
          <Card title={t("contacts.import.recent")}>
            <Table
              testId="recent-imports"
              head={
                <>
                  <Th>{t("contacts.import.recent.file")}</Th>
                  <Th>{t("contacts.import.recent.date")}</Th>
                  <Th>{t("contacts.import.report.title")}</Th>
                  <Th>{t("contacts.import.recent.result")}</Th>
                </>
              }
            >
              {recent.map((item) => (
                <Tr key={item.id}>
                  <Td>
                    <Link href={`/contacts/import/${item.id}`} className="text-blue-700 hover:underline">
                      {item.fileName}
                    </Link>
                  </Td>
                  <Td>{formatDateTime(item.createdAt, locale, viewer.timeZone)}</Td>
                  <Td>{t(`contacts.import.status.${item.status}`)}</Td>
                  <Td>
                    {formatNumber(item.createdCount, locale)} / {formatNumber(item.updatedCount, locale)} / {formatNumber(item.skippedCount, locale)}
                  </Td>
                </Tr>
              ))}
            </Table>
          </Card>
        )}
      </div>
    </>
  );
}
