import type { ReactNode } from "react";
import { LanguageSwitcher } from "@/components/layout/language-switcher";
import type { Locale } from "@/i18n/locales";

/** The sign-in page's frame for the other pages without a session (accept an invitation, reset a password). */
export function AuthCard({ appName, locale, title, subtitle, children }: { appName: string; locale: Locale; title: string; subtitle?: string; children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-8">
      <div className="w-full max-w-sm">
        <div className="mb-4 flex justify-end">
          <LanguageSwitcher current={locale} />
        </div>
        <div className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">
          <p className="text-lg font-bold text-blue-800">{appName}</p>
          <h1 className="mt-4 text-2xl font-semibold">{title}</h1>
          {subtitle && <p className="mb-6 mt-1 text-sm text-slate-600">{subtitle}</p>}
          {children}
        </div>
      </div>
    </main>
  );
}

export function Notice({ tone = "info", children, testId }: { tone?: "info" | "error" | "ok"; children: ReactNode; testId?: string }) {
  const styles = tone === "error" ? "bg-red-50 text-red-800" : tone === "ok" ? "bg-green-50 text-green-900" : "bg-slate-50 text-slate-700";
  return (
    <p className={`rounded-md px-3 py-2 text-sm ${styles}`} role={tone === "error" ? "alert" : "status"} data-testid={testId}>
      {children}
    </p>
  );
}
