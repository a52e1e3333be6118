import type { contactsEn } from "@/i18n/messages/areas/contacts.en";

/** The contacts area's messages in the viewer's language, handed from a server page to client components. */
export type ContactsMessageKey = keyof typeof contactsEn;
export type ContactsMessages = Record<ContactsMessageKey, string>;

/** A message by a key built at run time (a reason or problem code), or null when the catalogue has none. */
export function lookup(messages: ContactsMessages, key: string): string | null {
  return Object.prototype.hasOwnProperty.call(messages, key) ? messages[key as ContactsMessageKey] : null;
}
