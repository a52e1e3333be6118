/**
 * Replaces `{name}` placeholders; unknown placeholders are left visible so they get noticed. Kept apart from
 * the catalogues (src/i18n/translate.ts) so client components can fill an already translated label without
 * bundling every message.
 */
export type TranslateParams = Record<string, string | number>;

export function interpolate(template: string, params?: TranslateParams): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
