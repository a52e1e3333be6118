/**
 * The development mail catcher: a local SMTP server (smtp-server) that accepts every message, parses it
 * (mailparser) and stores it in the DevMail table, where the dev mailbox page shows it. Started by
 * `npm run dev` and the e2e server when SMTP_URL is not set. Listens on 127.0.0.1 only.
 */
import { simpleParser, type AddressObject } from "mailparser";
import pg from "pg";
import { SMTPServer } from "smtp-server";

const KEPT_HEADERS = ["message-id", "list-unsubscribe", "list-unsubscribe-post", "content-language", "date"];

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(", ");
}

export async function startMailCatcher(options: { port: number; databaseUrl: string; log?: (line: string) => void }) {
  const log = options.log ?? ((line: string) => console.log(`[mail] ${line}`));
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
  // An idle connection the server terminates (a restart, the e2e test that takes the database away) emits 'error'
  // on the pool; without a listener that would end the whole dev / e2e server process. The pool reconnects.
  pool.on("error", (error) => log(`database connection lost: ${error.message}`));
  pool.on("connect", (client) => client.on("error", (error) => log(`database connection lost: ${error.message}`)));
  const server = new SMTPServer({
    disabledCommands: ["AUTH", "STARTTLS"],
    authOptional: true,
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          const headers: Record<string, string> = {};
          for (const name of KEPT_HEADERS) {
            const line = mail.headerLines.find((h) => h.key === name);
            if (line) headers[name] = line.line.slice(line.line.indexOf(":") + 1).trim();
          }
          await pool.query(
            `INSERT INTO "DevMail" ("id", "from", "to", "subject", "text", "html", "headers", "createdAt")
             VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6::jsonb, now())`,
            [addresses(mail.from), addresses(mail.to), mail.subject ?? "", mail.text ?? null, typeof mail.html === "string" ? mail.html : null, JSON.stringify(headers)],
          );
          callback();
        })
        .catch((error: unknown) => {
          log(`could not store a message: ${error instanceof Error ? error.message : String(error)}`);
          callback(Object.assign(new Error("Temporary failure, try again"), { responseCode: 451 }));
        });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  server.on("error", (error: Error) => log(`catcher error: ${error.message}`));
  log(`mail catcher on smtp://127.0.0.1:${options.port} — mail shows up in the dev mailbox (/dev/mailbox)`);
  return {
    async stop() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.end();
    },
  };
}
