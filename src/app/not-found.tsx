import Link from "next/link";
import { getTranslator } from "@/server/i18n/request-locale";

export default async function NotFound() {
  const { t } = await getTranslator();
  return (
    <main className="mx-auto max-w-lg px-4 py-24 text-center">
      <h1 className="text-2xl font-semibold">{t("error.notFound.title")}</h1>
      <p className="mt-3 text-slate-600">{t("error.notFound.body")}</p>
      <p className="mt-6">
        <Link href="/" className="font-medium text-blue-800 hover:underline">
          {t("app.name")}
        </Link>
      </p>
    </main>
  );
}
