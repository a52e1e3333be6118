import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ImportProgress } from "@/components/contacts/import-progress";
import { Card, PageHeader } from "@/components/ui/card";
import { isAppError } from "@/lib/errors";
import { hasRole } from "@/lib/roles";
import { contactIdSchema } from "@/schemas/contact";
import { requireUser } from "@/server/auth/session";
import { contactsMessages } from "@/server/contacts/contacts-messages";
import { getContactImport, type ContactImportStatus } from "@/server/contacts/get-contact-import";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Import report · 导入报告" };
export const dynamic = "force-dynamic";

export default async function ImportReportPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireUser();
  const { t, locale } = await getTranslator();
  const id = contactIdSchema.safeParse((await params).id);
  if (!id.success || !hasRole(viewer.role, "ADMIN")) notFound();
  let status: ContactImportStatus;
  try {
    status = await getContactImport({ actor: { organizationId: viewer.organizationId, userId: viewer.userId, role: viewer.role }, importId: id.data });
  } catch (error) {
    if (isAppError(error)) notFound();
    throw error;
  }
  return (
    <>
      <PageHeader title={t("contacts.import.report.title")} subtitle={status.fileName} />
      <Card>
        <ImportProgress
          initial={status}
          messages={contactsMessages(locale)}
          extra={{ "contacts.import.error.interrupted": t("contacts.import.error.interrupted") }}
          locale={locale}
        />
      </Card>
    </>
  );
}
