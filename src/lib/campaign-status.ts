export type CampaignStatusName = "DRAFT" | "SCHEDULED" | "SENDING" | "SENT" | "CANCELLED";

/**
 * The status a campaign shows: a SENDING campaign whose invitations are all handled (sent, failed or
 * unsubscribed; skipped contacts never got one) is SENT — without waiting for the worker's next tick to write
 * it (run-distribution-tick.ts), which left "sending" on screen after every mail had gone.
 */
export function campaignDisplayStatus(status: CampaignStatusName, pendingInvitations: number): CampaignStatusName {
  return status === "SENDING" && pendingInvitations <= 0 ? "SENT" : status;
}
