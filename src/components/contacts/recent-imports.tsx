import Link from "next/link";
import { Card } from "@/components/ui/card";
import { ConfirmActionButton, type ConfirmActionState } from "@/components/ui/confirm-action-button";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Translate } from "@/i18n/translate";
import type { Locale } from "@/i18n/locales";
import { formatDateTime, formatNumber } from "@/lib/format";
import { DELETE_IMPORT_MESSAGE_KEYS, type DeleteImportMessageKey } from "@/server/imports/delete-import-job";

type RecentImport = { id: string; fileName: string; status: "PENDING" | "RUNNING" | "DONE" | "FAILED"; createdAt: Date; counts: readonly number[] };

/**
 * The latest imports of a kind with their status and counts (contact imports, a survey's response imports); an
 * upload still waiting for its mapping can be deleted (`deleteAction`), and is deleted anyway after 24 hours.
 */
export function RecentImports({
  title,
  resultLabel,
  basePath,
  imports,
  deleteAction,
  t,
  locale,
  timeZone,
}: {
  title: string;
  resultLabel: string;
  basePath: string;
  imports: readonly RecentImport[];
  deleteAction: (state: ConfirmActionState<DeleteImportMessageKey>, formData: FormData) => Promise<ConfirmActionState<DeleteImportMessageKey>>;
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  if (imports.length === 0) return null;
  const deleteMessages = Object.fromEntries(DELETE_IMPORT_MESSAGE_KEYS.map((key) => [key, t(key)])) as Record<DeleteImportMessageKey, string>;
  return (
    <Card title={title}>
      <p className="mb-3 text-xs text-slate-600">{t("imports.recent.expiry")}</p>
      <Table
        testId="recent-imports"
        head={
          <>
            <Th>{t("contacts.import.recent.file")}</Th>
            {/* Phones: the date gives way so the row's Delete stays in view. */}
            <Th className="hidden sm:table-cell">{t("contacts.import.recent.date")}</Th>
            <Th>{t("contacts.import.report.title")}</Th>
            <Th>{resultLabel}</Th>
            <Th>
              <span className="sr-only">{t("imports.recent.actions")}</span>
            </Th>
          </>
        }
      >
        {imports.map((item) => (
          <Tr key={item.id}>
            <Td>
              <Link href={`${basePath}/${item.id}`} className="text-blue-700 hover:underline">
                {item.fileName}
              </Link>
            </Td>
            <Td className="hidden sm:table-cell">{formatDateTime(item.createdAt, locale, timeZone)}</Td>
            <Td>{t(`contacts.import.status.${item.status}`)}</Td>
            <Td>{item.counts.map((count) => formatNumber(count, locale)).join(" / ")}</Td>
            <Td className="whitespace-nowrap text-right" data-testid="recent-import-actions">
              {item.status === "PENDING" && (
                <ConfirmActionButton
                  action={deleteAction}
                  id={item.id}
                  messages={deleteMessages}
                  labels={{ idle: t("imports.delete.button"), pending: t("imports.delete.pending"), confirm: t("imports.delete.confirm", { file: item.fileName }) }}
                />
              )}
            </Td>
          </Tr>
        ))}
      </Table>
    </Card>
  );
}
