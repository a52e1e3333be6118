import "server-only";
import type { ContactsMessages } from "@/components/contacts/messages";
import { contactsEn } from "@/i18n/messages/areas/contacts.en";
import type { Locale } from "@/i18n/locales";
import { messagesFor } from "@/i18n/translate";

/** The contacts area of the catalogue in `locale`, for client components (only these keys reach the browser). */
export function contactsMessages(locale: Locale): ContactsMessages {
  const all = messagesFor(locale);
  return Object.fromEntries(Object.keys(contactsEn).map((key) => [key, all[key as keyof typeof contactsEn]])) as ContactsMessages;
}
