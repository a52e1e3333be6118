/**
 * `npm run worker`: the distribution worker (pg-boss on DATABASE_URL, schema `pgboss`) — campaign
 * fan-out, invitation emails over SMTP_URL (else the local catcher on MAIL_CATCHER_PORT), retries,
 * reminders. Production runs it beside `npm start`; `npm run dev` and the e2e server start it themselves.
 * Stops gracefully on SIGINT / SIGTERM (jobs in flight finish; unfinished ones are retried).
 */
import { startDistributionWorker } from "../src/server/queue/worker.ts";
import { defaultMailSettings } from "../src/server/distribution/mail-settings.ts";
import { createSmtpTransport, resolveSmtpUrl } from "../src/server/email/transport.ts";

const log = (line: string) => console.log(`[worker] ${line}`);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is required for the worker.");
  process.exit(2);
}
const smtpUrl = resolveSmtpUrl();
const settings = defaultMailSettings();
const worker = await startDistributionWorker({ connectionString: databaseUrl, transport: createSmtpTransport(smtpUrl), settings, log });
// The SMTP URL may carry credentials: only its host is shown.
log(`sending through ${new URL(smtpUrl).host} as ${settings.from}; links to ${settings.appUrl}`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  await worker.stop();
  process.exit(0);
};
process.on("SIGINT", () => void stop());
process.on("SIGTERM", () => void stop());
