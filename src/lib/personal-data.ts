/**
 * Who sees personal data, and what everyone else sees instead (PIPL: minimum necessary). Pure — the pages,
 * services and exports all ask these functions, so the rule is written once.
 *
 * Personal data: a contact's email, phone, name and customer id, and every attribute whose definition has the
 * role PERSONAL (ids, phones, names, addresses, free text an admin marked personal — src/lib/attribute-defaults.ts
 * guesses the role of a key no definition covers yet).
 *
 * Who needs it (../shared/product.md): admins and owners run contact imports, campaigns and erasure; CX
 * managers work the detractors' follow-up cases and the loop lists, which means contacting the customer. Viewers
 * read dashboards: they see masked values — except on a case they own, which they must be able to work.
 */
import { guessAttributeDefaults, type AttributeRoleName } from "./attribute-defaults";
import { hasRole, type RoleName } from "./roles";

/** How personal data is shown to someone: as it is, or masked. */
export type PersonalDataView = "full" | "masked";

/** May this role see personal data unmasked? `ownsCase`: the value is shown on a case this member owns. */
export function canSeePersonalData(role: RoleName, context: { ownsCase?: boolean } = {}): boolean {
  if (hasRole(role, "MANAGER")) return true;
  return context.ownsCase === true;
}

/** The view for a role (see canSeePersonalData). */
export function personalDataView(role: RoleName, context: { ownsCase?: boolean } = {}): PersonalDataView {
  return canSeePersonalData(role, context) ? "full" : "masked";
}

const MASK = "*";
const EMAIL = /^([^\s@]+)@([^\s@]+)$/;
/** Written like a phone number: digits with spaces, dashes, dots, brackets and a leading +, 7 to 15 digits. */
const PHONE = /^\+?[\d\s\-().]{7,24}$/;

/** z***@example.com: the first character of the local part, then three stars; the domain stays. */
export function maskEmail(email: string): string {
  const match = EMAIL.exec(email.trim());
  if (!match) return maskText(email);
  const local = Array.from(match[1] ?? "");
  return `${local[0] ?? ""}${MASK.repeat(3)}@${match[2]}`;
}

/**
 * 138****5678: the first three and last four digits stay (fewer when the number is short), every other digit is
 * a star; spaces, dashes and a leading + keep their places.
 */
export function maskPhone(phone: string): string {
  const chars = Array.from(phone.trim());
  const digitPositions = chars.flatMap((char, index) => (/\d/.test(char) ? [index] : []));
  const count = digitPositions.length;
  const head = count >= 11 ? 3 : count >= 8 ? 2 : 0;
  const tail = count >= 8 ? 4 : Math.min(2, Math.max(0, count - 1));
  const hidden = new Set(digitPositions.slice(head, count - tail));
  return chars.map((char, index) => (hidden.has(index) ? MASK : char)).join("");
}

/** 张** · C*******5: the first character, stars for the rest (the last one stays when it is long). */
export function maskText(text: string): string {
  const chars = Array.from(text.trim());
  if (chars.length === 0) return "";
  if (chars.length <= 2) return `${chars[0]}${MASK}`;
  if (chars.length <= 4) return `${chars[0]}${MASK.repeat(chars.length - 1)}`;
  return `${chars[0]}${MASK.repeat(Math.min(chars.length - 2, 6))}${chars.at(-1)}`;
}

function isPhoneLike(text: string): boolean {
  if (!PHONE.test(text)) return false;
  const digits = text.replace(/\D/g, "").length;
  return digits >= 7 && digits <= 15;
}

/** Any personal value masked by its shape: an email as an email, a phone as a phone, anything else as text. */
export function maskValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : JSON.stringify(value);
  if (EMAIL.test(text.trim())) return maskEmail(text);
  if (isPhoneLike(text.trim())) return maskPhone(text);
  return maskText(text);
}

/**
 * Is an attribute personal? Its definition's role says so; a key without a definition is judged by its name
 * (customer_id, mobile, 姓名 … are personal), as it will be when it is defined.
 */
export function isPersonalAttribute(key: string, definedRole?: AttributeRoleName | null): boolean {
  if (definedRole) return definedRole === "PERSONAL";
  return guessAttributeDefaults(key).role === "PERSONAL";
}

/** A value shown to `view`: unchanged for "full", masked for "masked"; null and undefined stay as they are. */
export function showPersonal<T extends string | null | undefined>(value: T, view: PersonalDataView, kind: "email" | "phone" | "text" = "text"): T | string {
  if (view === "full" || value === null || value === undefined || value === "") return value;
  return kind === "email" ? maskEmail(value) : kind === "phone" ? maskPhone(value) : maskText(value);
}

/** A contact's details as `view` may see them. */
export function maskContactDetails<C extends { email?: string | null; phone?: string | null; name?: string | null; externalId?: string | null }>(
  contact: C,
  view: PersonalDataView,
): C {
  if (view === "full") return contact;
  const masked = { ...contact };
  if (contact.email) masked.email = maskEmail(contact.email);
  if (contact.phone) masked.phone = maskPhone(contact.phone);
  if (contact.name) masked.name = maskText(contact.name);
  if (contact.externalId) masked.externalId = maskText(contact.externalId);
  return masked;
}

/**
 * Attributes as `view` may see them: personal ones (by `roles`, the organisation's definitions: key → role)
 * masked with maskValue, the others unchanged.
 */
export function maskAttributes<V>(attributes: Record<string, V>, view: PersonalDataView, roles: ReadonlyMap<string, AttributeRoleName>): Record<string, V | string> {
  if (view === "full") return attributes;
  const result: Record<string, V | string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    result[key] = isPersonalAttribute(key, roles.get(key)) && value !== null && value !== undefined && value !== "" ? maskValue(value) : value;
  }
  return result;
}
