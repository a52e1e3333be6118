/**
 * Fills `{name}` placeholders of an already translated label. A copy of the catalogue's interpolation that
 * does not import the catalogues, so client components stay small. Unknown placeholders stay visible.
 */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}
