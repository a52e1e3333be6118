import { PageSkeleton } from "@/components/ui/page-skeleton";
import { getTranslator } from "@/server/i18n/request-locale";

/** Shown at once while the page's queries run. */
export default async function Loading() {
  const { t } = await getTranslator();
  return <PageSkeleton label={t("layout.loading")} variant="list" />;
}
