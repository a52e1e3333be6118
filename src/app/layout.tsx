import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { getTranslator } from "@/server/i18n/request-locale";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getTranslator();
  return { title: { default: t("app.name"), template: `%s · ${t("app.name")}` }, description: t("app.tagline") };
}

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

/** Root layout: the document only. The dashboard's chrome lives in (app)/layout; respondents get none of it. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const { locale } = await getTranslator();
  return (
    <html lang={locale}>
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
