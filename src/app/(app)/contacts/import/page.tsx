import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ImportWizard } from "@/components/contacts/import-wizard";
import { RecentImports } from "@/components/contacts/recent-imports";
import { Card, PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { contactsMessages } from "@/server/contacts/contacts-messages";
import { listContactImports } from "@/server/contacts/get-contact-import";
import { MAX_UPLOAD_BYTES } from "@/server/imports/import-source";
import { getTranslator } from "@/server/i18n/request-locale";
import { deleteContactImportAction } from "./actions";

export const metadata: Metadata = { title: "Import contacts · 导入联系人" };

export default async function ImportContactsPage() {
  const viewer = await requireUser();
  // A page a role cannot use is "not found" for it, like every other admin page (one answer for every refusal).
  if (!hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const actor = { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role };
  const recent = await listContactImports({ actor });
  return (
    <>
      <PageHeader title={t("contacts.import.title")} subtitle={t("contacts.import.subtitle")} />
      <div className="space-y-6">
        <Card>
          <ImportWizard messages={contactsMessages(locale)} maxMb={Math.round(MAX_UPLOAD_BYTES / 2 ** 20)} locale={locale} />
        </Card>
        <RecentImports
          title={t("contacts.import.recent")}
          resultLabel={t("contacts.import.recent.result")}
          basePath="/contacts/import"
          deleteAction={deleteContactImportAction}
          imports={recent.map((item) => ({ ...item, counts: [item.createdCount, item.updatedCount, item.skippedCount] }))}
          t={t}
          locale={locale}
          timeZone={viewer.timeZone}
        />
      </div>
    </>
  );
}
