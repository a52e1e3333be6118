/**
 * Throttling maths (product.md "never too often"): a contact is surveyed at most once per N days across all
 * surveys and channels. Pure; the services pass the cut-off into SQL so the rule is written once.
 */
export const DAY_MS = 86_400_000;

/** The survey's own window when it sets one, else the organisation's. 0 switches throttling off. */
export function effectiveThrottleDays(organizationDays: number, surveyDays: number | null | undefined): number {
  const days = surveyDays ?? organizationDays;
  if (!Number.isFinite(days) || days < 0) return 0;
  return Math.floor(days);
}

/** Invitations created after this instant (exclusive) block a new one; null when throttling is off. */
export function throttleCutoff(now: Date, days: number): Date | null {
  if (days <= 0) return null;
  return new Date(now.getTime() - days * DAY_MS);
}

/** Whether a contact last invited at `lastInvitedAt` may not be invited again at `now`. */
export function isThrottled(lastInvitedAt: Date | null | undefined, now: Date, days: number): boolean {
  const cutoff = throttleCutoff(now, days);
  if (!cutoff || !lastInvitedAt) return false;
  return lastInvitedAt.getTime() > cutoff.getTime();
}

/** When a contact last invited at `lastInvitedAt` may be invited again. */
export function nextAllowedAt(lastInvitedAt: Date, days: number): Date {
  return new Date(lastInvitedAt.getTime() + Math.max(0, days) * DAY_MS);
}

/**
 * The reminder due for an invitation sent at `sentAt` that has had `remindersSent` reminders, given the
 * campaign's reminder days (e.g. [3, 7], counted from the first send): its index and due time, or null.
 */
export function nextReminder(sentAt: Date, remindersSent: number, reminderDays: readonly number[]): { index: number; dueAt: Date } | null {
  const days = reminderDays[remindersSent];
  if (days === undefined || remindersSent >= 2) return null;
  return { index: remindersSent, dueAt: new Date(sentAt.getTime() + days * DAY_MS) };
}
