/**
 * A comment as someone who may not see personal data reads it (src/lib/personal-data.ts decides who): email
 * addresses and phone numbers that customers type into comments ("call me on 138 1234 5678") masked the same way
 * the contact's own details are; the rest of the text unchanged. Pure, isomorphic.
 */
import { maskEmail, maskPhone, type PersonalDataView } from "@/lib/personal-data";

const EMAIL_IN_TEXT = /[^\s@<>()[\]{}，。；;:："'“”]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/giu;
/** Seven to fifteen digits, optionally with a leading + and spaces, dashes, dots or brackets between them. */
const PHONE_IN_TEXT = /\+?\d(?:[\s\-().]?\d){6,14}/gu;

export function maskCommentForView(comment: string, view: PersonalDataView): string {
  if (view === "full") return comment;
  return comment.replace(EMAIL_IN_TEXT, (email) => maskEmail(email)).replace(PHONE_IN_TEXT, (phone) => maskPhone(phone));
}
