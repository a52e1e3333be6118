/**
 * The verbs the audit log records (dotted, stable: they are stored and filtered on; labels live in the catalogue
 * under `audit.action.<verb>`). Add a verb here, with its label in both languages, before recording it.
 */
export const AUDIT_ACTIONS = [
  "auth.sign_in",
  "auth.sign_in_failed",
  "auth.sign_in_sso",
  "contact.view",
  "contact.export",
  "contact.erase",
  "contacts.export",
  "responses.export",
  "loop.export",
  "cases.open_for_class",
  "api_key.create",
  "api_key.revoke",
  "survey.publish",
  "survey.close",
  "survey.reopen",
  "settings.change",
  "member.invite",
  "member.join",
  "member.role_change",
  "member.deactivate",
  "member.provision_sso",
  "invitation.revoke",
  "webhook.create",
  "webhook.change",
  "webhook.delete",
  "sso.change",
  "audit.export",
  "audit.retention",
  "audit.retention_change",
  "organization.create",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Retention choices offered on the audit page (days; null = keep everything). */
export const AUDIT_RETENTION_DAYS = [90, 180, 365, 730, 1825, 3650] as const;
