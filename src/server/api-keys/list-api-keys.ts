import "server-only";
import { db } from "@/server/db";

/** What may be shown about a key: never its hash, and the plaintext is not stored at all. */
export type ApiKeySummary = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  createdBy: string | null;
  scopes: string[];
  personalData: boolean;
  scopeUnitId: string | null;
  /** The unit's name, null for the whole organisation. */
  scopeUnitName: string | null;
  rateLimitPerMinute: number;
};

export const API_KEY_SUMMARY_SELECT = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { name: true } },
  scopes: true,
  personalData: true,
  scopeUnitId: true,
  scopeUnit: { select: { name: true } },
  rateLimitPerMinute: true,
} as const;

type SummaryRow = Omit<ApiKeySummary, "createdBy" | "scopeUnitName"> & { createdBy: { name: string } | null; scopeUnit: { name: string } | null };

export function toApiKeySummary({ createdBy, scopeUnit, ...row }: SummaryRow): ApiKeySummary {
  return { ...row, createdBy: createdBy?.name ?? null, scopeUnitName: scopeUnit?.name ?? null };
}

/** The organisation's keys, newest first, revoked ones included (so people can see what was revoked when). */
export async function listApiKeys({ organizationId }: { organizationId: string }): Promise<ApiKeySummary[]> {
  const rows = await db.apiKey.findMany({
    where: { organizationId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: API_KEY_SUMMARY_SELECT,
  });
  return rows.map(toApiKeySummary);
}
