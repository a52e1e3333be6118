import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui/card";
import { isAppError } from "@/lib/errors";
import { formatDateTime } from "@/lib/format";
import { withoutOpenPixel } from "@/lib/link-guard";
import { hasRole } from "@/lib/roles";
import { requireUser } from "@/server/auth/session";
import { devMailboxEnabled, getDevMail } from "@/server/email/dev-mailbox";
import { getTranslator } from "@/server/i18n/request-locale";

export const metadata: Metadata = { title: "Dev mailbox · 开发邮箱" };
export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** One caught mail: the HTML part in a sandboxed frame (links open in a new tab; no scripts), the text part, headers. */
export default async function DevMailPage({ params }: Props) {
  const viewer = await requireUser();
  if (!devMailboxEnabled() || !hasRole(viewer.role, "ADMIN")) notFound();
  const { id } = await params;
  const { t, locale } = await getTranslator();
  let mail;
  try {
    mail = await getDevMail(id);
  } catch (error) {
    if (isAppError(error) && error.code === "not_found") notFound();
    throw error;
  }
  // A <base target> makes the one-click links open outside the sandboxed frame. The open-tracking image is left
  // out: reading a message here is not the recipient opening it.
  const srcDoc = mail.html ? withoutOpenPixel(mail.html).replace(/<head>/i, '<head><base target="_blank">') : null;
  return (
    <>
      <PageHeader
        title={mail.subject}
        subtitle={`${mail.to} · ${formatDateTime(mail.createdAt, locale, viewer.timeZone)}`}
        actions={
          <Link href="/dev/mailbox" className="text-sm font-medium text-blue-800 hover:underline">
            ← {t("mailbox.back")}
          </Link>
        }
      />
      <div className="space-y-6">
        {srcDoc && (
          <Card title={t("mailbox.html")}>
            <iframe
              title={mail.subject}
              srcDoc={srcDoc}
              sandbox="allow-popups allow-popups-to-escape-sandbox allow-top-navigation-by-user-activation"
              className="h-[560px] w-full rounded border border-slate-200"
              data-testid="mail-html"
            />
          </Card>
        )}
        <Card title={t("mailbox.text")}>
          <pre className="whitespace-pre-wrap break-all text-sm" data-testid="mail-text">
            {mail.text}
          </pre>
        </Card>
        <Card title={t("mailbox.headers")}>
          <dl className="grid gap-1 text-xs">
            {Object.entries(mail.headers).map(([name, value]) => (
              <div key={name} className="flex gap-2">
                <dt className="font-mono text-slate-500">{name}:</dt>
                <dd className="break-all font-mono">{String(value)}</dd>
              </div>
            ))}
          </dl>
        </Card>
      </div>
    </>
  );
}
