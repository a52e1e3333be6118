import Link from "next/link";
import { durationParts } from "@/lib/duration";
import { hasRole, type RoleName } from "@/lib/roles";
import { getTranslator } from "@/server/i18n/request-locale";
import { getWorkerSilence } from "@/server/system/get-system-status";

/**
 * For admins and owners only: a warning when the background worker has been silent for more than 2 minutes
 * (its heartbeat, docs/decisions/0017), with a link to Settings → System. Renders nothing otherwise.
 */
export async function WorkerSilenceBanner({ role }: { role: RoleName }) {
  if (!hasRole(role, "ADMIN")) return null;
  const { silent, secondsSince } = await getWorkerSilence();
  if (!silent) return null;
  const { t } = await getTranslator();
  const ago = secondsSince === null ? null : durationParts(secondsSince);
  return (
    <div role="alert" data-testid="worker-silent-banner" className="border-b border-amber-300 bg-amber-50">
      <div className="mx-auto flex max-w-6xl flex-wrap items-center gap-x-4 gap-y-1 px-4 py-2 text-sm text-amber-950">
        <strong className="font-semibold">{t("system.banner.title")}</strong>
        <span>{ago ? t("system.banner.silentSince", { ago: t(`system.duration.${ago.unit}`, { n: ago.n }) }) : t("system.banner.never")}</span>
        <Link href="/settings/system" className="font-medium text-amber-950 underline underline-offset-2 hover:no-underline">
          {t("system.banner.link")}
        </Link>
      </div>
    </div>
  );
}
