import Link from "next/link";
import { Card } from "@/components/ui/card";
import { Table, Td, Th, Tr } from "@/components/ui/table";
import type { Translate } from "@/i18n/translate";
import type { Locale } from "@/i18n/locales";
import { formatDateTime, formatNumber } from "@/lib/format";

type RecentImport = { id: string; fileName: string; status: "PENDING" | "RUNNING" | "DONE" | "FAILED"; createdAt: Date; counts: readonly number[] };

/** The latest imports of a kind with their status and counts (contact imports, a survey's response imports). */
export function RecentImports({
  title,
  resultLabel,
  basePath,
  imports,
  t,
  locale,
  timeZone,
}: {
  title: string;
  resultLabel: string;
  basePath: string;
  imports: readonly RecentImport[];
  t: Translate;
  locale: Locale;
  timeZone: string;
}) {
  if (imports.length === 0) return null;
  return (
    <Card title={title}>
      <Table
        testId="recent-imports"
        head={
          <>
            <Th>{t("contacts.import.recent.file")}</Th>
            <Th>{t("contacts.import.recent.date")}</Th>
            <Th>{t("contacts.import.report.title")}</Th>
            <Th>{resultLabel}</Th>
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
            <Td>{formatDateTime(item.createdAt, locale, timeZone)}</Td>
            <Td>{t(`contacts.import.status.${item.status}`)}</Td>
            <Td>{item.counts.map((count) => formatNumber(count, locale)).join(" / ")}</Td>
          </Tr>
        ))}
      </Table>
    </Card>
  );
}
