import "server-only";
import { createHash, randomUUID } from "node:crypto";
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * A mail the SMTP server accepted: `send` 0 is the invitation itself, 1–2 its reminders. Written to the local
 * journal (fsync'd) before the database records it, so a worker that dies between the SMTP accept and the
 * commit still records it — once — when it starts again (docs/decisions/0017).
 */
export type SentMail = { organizationId: string; invitationId: string; send: number; messageId: string; sentAt: Date };

type Line = { t: "sent"; o: string; i: string; s: number; m: string; at: string } | { t: "done"; i: string; s: number };
type Header = { t: "worker"; pid: number; start: string | null; host: string };

/** Appends and fsyncs what SMTP accepted; marks it done once the database has it. One file per worker process. */
export type SendJournal = {
  /** Durable when it resolves (written and fsync'd). */
  sent(mails: readonly SentMail[]): void;
  /** The database has recorded these (not fsync'd: replaying a recorded mail changes nothing). */
  done(mails: readonly SentMail[]): void;
  close(): void;
  readonly file: string;
};

/** The process's start time in clock ticks since boot (Linux), to tell a live process from a reused pid. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The journal directory of one database (dev, e2e and test databases share the project's .data/). */
export function journalDirectory(baseDir: string, databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const key = `${url.hostname}:${url.port || "5432"}${url.pathname}`;
  return path.join(baseDir, createHash("sha256").update(key).digest("hex").slice(0, 16));
}

export function openSendJournal(directory: string): SendJournal {
  mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${Date.now()}-${randomUUID()}.ndjson`);
  const fd = openSync(file, "a");
  const write = (lines: readonly (Line | Header)[], sync: boolean) => {
    if (lines.length === 0) return;
    writeSync(fd, lines.map((line) => `${JSON.stringify(line)}\n`).join(""));
    if (sync) fsyncSync(fd);
  };
  const header: Header = { t: "worker", pid: process.pid, start: processStart(process.pid), host: os.hostname() };
  write([header], true);
  // Mails written but not yet done; when none are left the file starts over, so it stays small.
  const open = new Set<string>();
  let lines = 0;
  // The new file's directory entry must be durable too.
  try {
    const dirFd = openSync(directory, "r");
    fsyncSync(dirFd);
    closeSync(dirFd);
  } catch {
    // not supported on every platform; the file's own fsync still holds its lines
  }
  let closed = false;
  return {
    file,
    sent(mails) {
      for (const m of mails) open.add(`${m.invitationId}:${m.send}`);
      lines += mails.length;
      write(
        mails.map((m) => ({ t: "sent", o: m.organizationId, i: m.invitationId, s: m.send, m: m.messageId, at: m.sentAt.toISOString() })),
        true,
      );
    },
    done(mails) {
      if (closed) return;
      for (const m of mails) open.delete(`${m.invitationId}:${m.send}`);
      if (open.size === 0 && lines > 5000) {
        ftruncateSync(fd, 0);
        write([header], true);
        lines = 0;
        return;
      }
      lines += mails.length;
      write(mails.map((m) => ({ t: "done", i: m.invitationId, s: m.send })), false);
    },
    close() {
      if (closed) return;
      closed = true;
      closeSync(fd);
    },
  };
}

/** Parses a journal file: its writer and the mails accepted but not marked done (a torn last line is ignored). */
export function readJournal(file: string): { header: Header | null; pending: SentMail[] } {
  const pending = new Map<string, SentMail>();
  let header: Header | null = null;
  for (const raw of readFileSync(file, "utf8").split("\n")) {
    if (!raw.trim()) continue;
    let line: Line | Header;
    try {
      line = JSON.parse(raw) as Line | Header;
    } catch {
      continue;
    }
    if (line.t === "worker") header = line;
    else if (line.t === "sent") pending.set(`${line.i}:${line.s}`, { organizationId: line.o, invitationId: line.i, send: line.s, messageId: line.m, sentAt: new Date(line.at) });
    else if (line.t === "done") pending.delete(`${line.i}:${line.s}`);
  }
  return { header, pending: [...pending.values()] };
}

/** Journal files in `directory` whose writer process is gone (a live worker records its own). */
export function orphanedJournals(directory: string, own?: string): string[] {
  if (!existsSync(directory)) return [];
  return readdirSync(directory)
    .filter((name) => name.endsWith(".ndjson"))
    .map((name) => path.join(directory, name))
    .filter((file) => {
      if (file === own) return false;
      const { header } = readJournal(file);
      if (!header || header.host !== os.hostname()) return header === null;
      if (header.pid === process.pid) return true; // not ours (ours is `own`): a previous process with our pid
      if (!isAlive(header.pid)) return true;
      const start = processStart(header.pid);
      return start !== null && header.start !== null && start !== header.start;
    });
}

/**
 * Records the mails of every orphaned journal (`record` must be idempotent and retry until the database
 * answers), then deletes those files. Returns how many mails were recorded.
 */
export async function replayOrphanedJournals(directory: string, record: (mails: SentMail[]) => Promise<void>, own?: string): Promise<number> {
  let total = 0;
  for (const file of orphanedJournals(directory, own)) {
    const { pending } = readJournal(file);
    if (pending.length) await record(pending);
    total += pending.length;
    rmSync(file, { force: true });
  }
  return total;
}
