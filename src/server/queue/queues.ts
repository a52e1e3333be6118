import "server-only";

/** pg-boss lives in its own schema of the application database. */
export const QUEUE_SCHEMA = "pgboss";

export const QUEUES = {
  /** { organizationId, campaignId }: creates a campaign's invitations (set-based) and queues their sends. */
  fanout: "campaign-fanout",
  /** { organizationId, invitationIds }: sends a batch of invitation emails. */
  send: "send-invitations",
  /** {}: every minute — due reminders, scheduled campaigns, re-queueing of stalled sends, finished campaigns. */
  tick: "distribution-tick",
  /** {}: every minute — escalate overdue cases and send pending case alerts. */
  caseTick: "case-tick",
  /** {}: hourly — the weekly NPS digest to managers (idempotent per user and week; sent from Monday 08:00 local). */
  weeklyDigest: "weekly-digest",
  /** {}: every minute — sums the dashboard aggregates' delta rows (docs/decisions/0011). */
  aggregates: "aggregate-compaction",
  /** {}: every 5 minutes and at start — abandoned import uploads expire (24 h), interrupted imports marked FAILED. */
  importCleanup: "import-cleanup",
  /** {}: every minute and at start — reads new comments (themes, sentiment; src/server/text), all again after a taxonomy edit. */
  commentReading: "comment-reading",
  /** {}: nightly (03:17) and at start — audit entries older than each organisation's retention removed, with a checkpoint. */
  auditRetention: "audit-retention",
  /** {}: every minute and every 5 s from the worker — sends due webhook and chat deliveries (src/server/webhooks). */
  webhooks: "webhook-deliveries",
  /** {}: every minute and when Settings → General changes the time zone — waiting aggregate rebuilds (src/server/org-settings). */
  aggregateRebuild: "aggregate-rebuild",
} as const;

/** Invitations per send job. */
export const SEND_BATCH = 100;

/** Retries with exponential back-off (pg-boss: delay · 2^n): 10 s, 20 s, 40 s, 80 s, 160 s; the tick takes over after that. */
export const RETRY = { retryLimit: 5, retryDelay: 10, retryBackoff: true } as const;

export type FanoutJob = { organizationId: string; campaignId: string };
export type SendJob = { organizationId: string; invitationIds: string[] };

/** How the services hand work to the queue; tests pass a recording or direct implementation. */
export type Enqueuer = {
  fanout(job: FanoutJob, startAfter?: Date | null): Promise<void>;
  send(organizationId: string, invitationIds: readonly string[], startAfter?: Date | null): Promise<void>;
};

/** Splits ids into send jobs of SEND_BATCH. */
export function sendBatches(ids: readonly string[], size = SEND_BATCH): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += size) out.push(ids.slice(i, i + size));
  return out;
}
