/**
 * A label stored per language ({"zh-CN": "…", "en": "…"}, e.g. RootCause.label) in `locale`, else zh-CN, else
 * English, else any; a plain string as is. (get-case.ts and get-case-dashboard.ts still carry private copies.)
 */
export function localizedLabel(value: unknown, locale: string): string {
  if (typeof value === "string") return value;
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const text = record[locale] ?? record["zh-CN"] ?? record.en ?? Object.values(record)[0];
    return typeof text === "string" ? text : "";
  }
  return "";
}
