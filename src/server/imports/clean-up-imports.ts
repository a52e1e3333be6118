import "server-only";
import { readdir, stat } from "node:fs/promises";
import path from "node:path";
import { db } from "@/server/db";
import { removeUpload, uploadPath, uploadsRoot } from "./import-source";

/** An upload nobody mapped and ran within this time is deleted with its import (row and file). */
export const PENDING_IMPORT_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A RUNNING import writes its progress (and so its updatedAt) at least every 1,000 rows written or 5,000 read,
 * seconds apart; one silent for this long has lost the process that ran it (a crash, a restart, a deploy).
 */
export const INTERRUPTED_IMPORT_AFTER_MS = 10 * 60 * 1000;
/** The `error` code of an import found interrupted (contacts.import.error.interrupted says what to do). */
export const INTERRUPTED_ERROR = "interrupted";

export type ImportCleanup = { expired: number; interrupted: number; orphanFiles: number };

/**
 * The worker's import housekeeping (queue `import-cleanup`, every few minutes and at the worker's start), for every
 * organisation; each write names its organisation and id:
 * - PENDING imports older than PENDING_IMPORT_TTL_MS: the upload and the row are deleted (nothing was imported);
 * - RUNNING imports whose progress stopped INTERRUPTED_IMPORT_AFTER_MS ago: marked FAILED with the error
 *   "interrupted" (the rows written so far are kept and counted; the page says to upload the file again, which
 *   updates or skips what is there and never doubles it) and their upload deleted;
 * - upload files older than the TTL that no PENDING or RUNNING import owns (a crash between the upload and its row),
 *   in the folders of this database's organisations only.
 */
export async function cleanUpImports(options: { now?: Date; pendingTtlMs?: number; interruptedAfterMs?: number } = {}): Promise<ImportCleanup> {
  const now = options.now ?? new Date();
  const expiredBefore = new Date(now.getTime() - (options.pendingTtlMs ?? PENDING_IMPORT_TTL_MS));
  const silentSince = new Date(now.getTime() - (options.interruptedAfterMs ?? INTERRUPTED_IMPORT_AFTER_MS));

  let expired = 0;
  const stale = await db.contactImport.findMany({
    where: { status: "PENDING", createdAt: { lt: expiredBefore } },
    select: { organizationId: true, id: true },
  });
  for (const row of stale) {
    const deleted = await db.contactImport.deleteMany({ where: { organizationId: row.organizationId, id: row.id, status: "PENDING", createdAt: { lt: expiredBefore } } });
    if (deleted.count === 0) continue;
    expired += 1;
    await removeUpload(uploadPath(row.organizationId, row.id));
  }

  let interrupted = 0;
  const silent = await db.contactImport.findMany({
    where: { status: "RUNNING", updatedAt: { lt: silentSince } },
    select: { organizationId: true, id: true },
  });
  for (const row of silent) {
    const marked = await db.contactImport.updateMany({
      where: { organizationId: row.organizationId, id: row.id, status: "RUNNING", updatedAt: { lt: silentSince } },
      data: { status: "FAILED", error: INTERRUPTED_ERROR, finishedAt: now },
    });
    if (marked.count === 0) continue;
    interrupted += 1;
    await removeUpload(uploadPath(row.organizationId, row.id));
  }

  return { expired, interrupted, orphanFiles: await removeOrphanUploads(expiredBefore) };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Upload files last written before `before` whose import is not PENDING or RUNNING (or has no row at all). */
async function removeOrphanUploads(before: Date): Promise<number> {
  const root = uploadsRoot();
  const organizations = await readdir(root).catch(() => [] as string[]);
  let removed = 0;
  for (const organizationId of organizations.filter((name) => UUID.test(name))) {
    // The folder may be shared with another database's app (dev and the e2e server run from one checkout):
    // only this database's organisations are judged here.
    const known = await db.organization.findFirst({ where: { id: organizationId }, select: { id: true } });
    if (!known) continue;
    const files = await readdir(path.join(root, organizationId)).catch(() => [] as string[]);
    const old: { id: string; file: string }[] = [];
    for (const name of files) {
      const id = name.endsWith(".upload") ? name.slice(0, -".upload".length) : "";
      if (!UUID.test(id)) continue;
      const file = path.join(root, organizationId, name);
      const info = await stat(file).catch(() => null);
      if (info && info.mtime < before) old.push({ id, file });
    }
    if (old.length === 0) continue;
    const live = await db.contactImport.findMany({
      where: { organizationId, id: { in: old.map((entry) => entry.id) }, status: { in: ["PENDING", "RUNNING"] } },
      select: { id: true },
    });
    const kept = new Set(live.map((row) => row.id));
    for (const entry of old.filter((candidate) => !kept.has(candidate.id))) {
      await removeUpload(entry.file);
      removed += 1;
    }
  }
  return removed;
}
