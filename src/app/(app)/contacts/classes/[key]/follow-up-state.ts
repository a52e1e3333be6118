/** What the "follow up this class" form's server action answers (texts are catalogue keys the page passes translated). */
export type FollowUpMessageKey = "classes.followUp.error.owner" | "classes.followUp.error.dueDate" | "classes.followUp.error.forbidden" | "classes.followUp.error.notFound";

export const FOLLOW_UP_MESSAGE_KEYS: readonly FollowUpMessageKey[] = [
  "classes.followUp.error.owner",
  "classes.followUp.error.dueDate",
  "classes.followUp.error.forbidden",
  "classes.followUp.error.notFound",
];

export type FollowUpState = {
  ok: boolean;
  at?: number;
  error?: FollowUpMessageKey;
  /** After a run: what it did. */
  result?: { members: number; created: number; alreadyOpen: number; answerFollowedUp: number; noAnswer: number };
  values?: { ownerId: string; dueDate: string };
};
