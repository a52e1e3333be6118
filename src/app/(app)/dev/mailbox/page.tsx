import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import { formatDateTime } from "@/lib/format";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { devMailboxEnabled, listDevMail } from "@/server/email/dev-mailbox";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Dev mailbox · 开发邮箱" };
export const dynamic = "force-dynamic";

/** What the local mail catcher received (development only, ADMIN+). */
export default async function DevMailboxPage() {
  const viewer = await requireUser();
  if (!devMailboxEnabled() || !hasRole(viewer.role, "ADMIN")) notFound();
  const { t, locale } = await getTranslator();
  const mails = await listDevMail();
  return (
    <>
      <PageHeader title={t("mailbox.title")} subtitle={t("mailbox.subtitle")} />
      <Card>
        {mails.length === 0 ? (
          <p className="text-sm text-slate-600">{t("mailbox.empty")}</p>
        ) : (
          <Table
            testId="dev-mailbox"
            head={
              <>
                <Th>{t("mailbox.to")}</Th>
                <Th>{t("mailbox.subject")}</Th>
                <Th>{t("mailbox.received")}</Th>
              </>
            }
          >
            {mails.map((mail) => (
              <Tr key={mail.id}>
                <Td>{mail.to}</Td>
                <Td>
                  <Link href={`/dev/mailbox/${mail.id}`} className="font-medium text-blue-800 hover:underline">
                    {mail.subject}
                  </Link>
                </Td>
                <Td className="whitespace-nowrap">{formatDateTime(mail.createdAt, locale, viewer.timeZone)}</Td>
              </Tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}
