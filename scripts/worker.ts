/**
 * `npm run worker`: the distribution worker (pg-boss on DATABASE_URL, schema `pgboss`) — campaign
 * fan-out, invitation emails over SMTP_URL (else the local catcher on MAIL_CATCHER_PORT), retries,
 * reminders, case alerts, digests. Production runs it beside `npm start`; `npm run dev` and the e2e server
 * start it themselves (and restart it if it exits).
 *
 * It survives its database restarting (docs/decisions/0017): lost connections and failed polls are logged and
 * retried, never fatal. SIGINT / SIGTERM: jobs in flight get a few seconds to finish, then it exits anyway
 * (SHUTDOWN_DEADLINE_MS, 10 s, at the latest — a socket that hangs cannot keep it alive); what SMTP accepted but the
 * database did not record yet is in the journal under .data/worker-journal (WORKER_JOURNAL_DIR) and recorded
 * at the next start.
 */
import path from "node:path";
import { startDistributionWorker } from "../src/server/queue/worker.ts";
import { defaultMailSettings } from "../src/server/distribution/mail-settings.ts";
import { createSmtpTransport, resolveSmtpUrl } from "../src/server/email/transport.ts";
import { isDatabaseUnavailable } from "../src/server/http/database-unavailable.ts";
import { shutdownDeadlineMs } from "./lib/shutdown.ts";

/** After a stop signal the process exits within this time, whatever is still running (SHUTDOWN_DEADLINE_MS, 10 s). */
const SHUTDOWN_DEADLINE_MS = shutdownDeadlineMs();

const log = (line: string) => console.log(`[worker] ${line}`);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error("DATABASE_URL is required for the worker.");
  process.exit(2);
}

let stopping = false;
let worker: Awaited<ReturnType<typeof startDistributionWorker>> | null = null;
const stop = async (code: number) => {
  if (stopping) return;
  stopping = true;
  log("stopping…");
  setTimeout(() => {
    log(`still busy ${SHUTDOWN_DEADLINE_MS / 1000} s after the stop signal: exiting anyway`);
    process.exit(code || 1);
  }, SHUTDOWN_DEADLINE_MS).unref();
  await worker?.stop().catch((error: unknown) => log(`error while stopping: ${error instanceof Error ? error.message : String(error)}`));
  process.exit(code);
};
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

// A lost database connection can surface outside any job (pg-boss completes and fails jobs without awaiting
// them): that is an outage to wait out, not a reason to die. Anything else is a bug: stop, and let the
// supervisor (npm run dev, systemd, Kubernetes) start a fresh process.
const lastLogged = new Map<string, number>();
const unexpected = (kind: string) => (reason: unknown) => {
  const message = reason instanceof Error ? reason.message : String(reason);
  if (isDatabaseUnavailable(reason)) {
    const at = Date.now();
    if ((lastLogged.get(message) ?? 0) < at - 30_000) log(`database unavailable (${message}); waiting for it`);
    lastLogged.set(message, at);
    return;
  }
  console.error(`[worker] ${kind}:`, reason);
  void stop(1);
};
process.on("unhandledRejection", unexpected("unhandled rejection"));
process.on("uncaughtException", unexpected("uncaught exception"));

const smtpUrl = resolveSmtpUrl();
const settings = defaultMailSettings();
worker = await startDistributionWorker({
  connectionString: databaseUrl,
  transport: createSmtpTransport(smtpUrl),
  settings,
  log,
  journalDir: process.env.WORKER_JOURNAL_DIR || path.join(process.cwd(), ".data", "worker-journal"),
  ...(process.env.WORKER_POLLING_SECONDS ? { pollingIntervalSeconds: Number(process.env.WORKER_POLLING_SECONDS) } : {}),
});
// The SMTP URL may carry credentials: only its host is shown.
log(`worker ${worker.id} sending through ${new URL(smtpUrl).host} as ${settings.from}; links to ${settings.appUrl}`);
