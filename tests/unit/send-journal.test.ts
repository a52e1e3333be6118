import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { durationParts } from "@/lib/duration";
import { journalDirectory, openSendJournal, orphanedJournals, readJournal, replayOrphanedJournals, type SentMail } from "@/server/distribution/send-journal";

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "journal-unit-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const mail = (n: number, send = 0): SentMail => ({
  organizationId: "0190a0a0-0000-7000-8000-000000000001",
  invitationId: `0190a0a0-0000-7000-8000-${String(n).padStart(12, "0")}`,
  send,
  messageId: `<invitation-${n}-${send}@example.test>`,
  sentAt: new Date(Date.UTC(2026, 11, 6, 20, 0, n)),
});

/** A pid that surely belongs to no running process: one that just exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(child.stdout);
}

describe("the send journal", () => {
  it("keeps accepted mails until they are marked done; a torn last line is ignored", () => {
    const journal = openSendJournal(tempDir());
    journal.sent([mail(1), mail(2)]);
    journal.sent([mail(2, 1)]);
    journal.done([mail(1)]);
    journal.close();
    appendFileSync(journal.file, '{"t":"sent","o":"x","i":"tor');
    const { header, pending } = readJournal(journal.file);
    expect(header?.pid).toBe(process.pid);
    expect(pending).toEqual([mail(2), mail(2, 1)]);
  });

  it("replays and removes only the journals of processes that are gone, never a live one's", async () => {
    const dir = tempDir();
    const live = openSendJournal(dir);
    live.sent([mail(7)]);
    const dead = path.join(dir, "dead.ndjson");
    writeFileSync(
      dead,
      [
        JSON.stringify({ t: "worker", pid: deadPid(), start: null, host: os.hostname() }),
        JSON.stringify({ t: "sent", o: mail(3).organizationId, i: mail(3).invitationId, s: 0, m: mail(3).messageId, at: mail(3).sentAt.toISOString() }),
        JSON.stringify({ t: "sent", o: mail(4).organizationId, i: mail(4).invitationId, s: 0, m: mail(4).messageId, at: mail(4).sentAt.toISOString() }),
        JSON.stringify({ t: "done", i: mail(4).invitationId, s: 0 }),
        "",
      ].join("\n"),
    );
    expect(orphanedJournals(dir, live.file)).toEqual([dead]);
    const recorded: SentMail[] = [];
    expect(await replayOrphanedJournals(dir, async (mails) => void recorded.push(...mails), live.file)).toBe(1);
    expect(recorded).toEqual([mail(3)]);
    expect(existsSync(dead)).toBe(false);
    expect(readdirSync(dir)).toEqual([path.basename(live.file)]);
    live.close();
  });

  it("starts its file over once everything written is done (it stays small)", () => {
    const journal = openSendJournal(tempDir());
    for (let i = 0; i < 60; i += 1) {
      const batch = Array.from({ length: 100 }, (_, j) => mail(i * 100 + j));
      journal.sent(batch);
      journal.done(batch);
    }
    journal.close();
    const { header, pending } = readJournal(journal.file);
    expect(header).not.toBeNull();
    expect(pending).toEqual([]);
    // 6,000 mails sent and done: without starting over the file would hold 12,000 lines.
    expect(readFileSync(journal.file, "utf8").split("\n").length).toBeLessThan(6000);
  });

  it("has one directory per database", () => {
    const a = journalDirectory("/j", "postgresql://u:p@127.0.0.1:5432/one");
    expect(journalDirectory("/j", "postgresql://other:secret@127.0.0.1:5432/one")).toBe(a);
    expect(journalDirectory("/j", "postgresql://u:p@127.0.0.1:5432/two")).not.toBe(a);
    expect(a).not.toContain("secret");
  });
});

describe("durationParts", () => {
  it("rounds to one unit", () => {
    expect(durationParts(42.7)).toEqual({ unit: "seconds", n: 42 });
    expect(durationParts(180)).toEqual({ unit: "minutes", n: 3 });
    expect(durationParts(3 * 3600 + 100)).toEqual({ unit: "hours", n: 3 });
    expect(durationParts(5 * 86_400)).toEqual({ unit: "days", n: 5 });
    expect(durationParts(-5)).toEqual({ unit: "seconds", n: 0 });
  });
});
