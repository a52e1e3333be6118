import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { db } from "@/server/db";
import type { MailSettings } from "@/server/distribution/mail-settings";
import type { Enqueuer, FanoutJob } from "@/server/queue/queues";

export const SETTINGS: MailSettings = { appUrl: "https://nps.example.test", from: "Echo NPS <survey@nps.example.test>" };

/** A real in-process SMTP server on a free port that keeps what arrives; `refuse` makes it answer 451 (or drop connections). */
export async function startSmtp() {
  const received: ParsedMail[] = [];
  /** `delayMs`: each message's acceptance waits this long (spreads a campaign's sends over time). */
  const state = { refuse: null as null | "451" | "421", delayMs: 0 };
  const server = new SMTPServer({
    disabledCommands: ["AUTH", "STARTTLS"],
    authOptional: true,
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (state.refuse === "451") return callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
      if (state.refuse === "421") return callback(Object.assign(new Error("Service not available"), { responseCode: 421 }));
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (state.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, state.delayMs));
          received.push(mail);
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    state,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Records what would go to the queue. */
export function recordingEnqueuer() {
  const fanouts: { job: FanoutJob; startAfter: Date | null | undefined }[] = [];
  const sends: { organizationId: string; ids: string[]; startAfter: Date | null | undefined }[] = [];
  const enqueue: Enqueuer = {
    async fanout(job, startAfter) {
      fanouts.push({ job, startAfter });
    },
    async send(organizationId, ids, startAfter) {
      if (ids.length) sends.push({ organizationId, ids: [...ids], startAfter });
    },
  };
  return { enqueue, fanouts, sends, sentIds: () => sends.flatMap((s) => s.ids) };
}

export async function addContacts(organizationId: string, contacts: { email: string | null; name?: string; locale?: string; attributes?: Record<string, string> }[]) {
  const rows = [];
  for (const contact of contacts) {
    rows.push(
      await db.contact.create({
        data: { organizationId, email: contact.email, name: contact.name ?? null, locale: contact.locale ?? null, attributes: contact.attributes ?? {} },
      }),
    );
  }
  return rows;
}

export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A header's raw value as it arrived (mailparser structures some, e.g. List-Unsubscribe). */
export function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key === name.toLowerCase());
  return line ? line.line.slice(line.line.indexOf(":") + 1).trim() : undefined;
}
