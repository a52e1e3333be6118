/** A duration in seconds as one rounded unit for display ("45 s", "3 min", "2 h", "4 d"): the unit and the number. */
export type DurationUnit = "seconds" | "minutes" | "hours" | "days";

export function durationParts(seconds: number): { unit: DurationUnit; n: number } {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 90) return { unit: "seconds", n: s };
  if (s < 90 * 60) return { unit: "minutes", n: Math.round(s / 60) };
  if (s < 36 * 3600) return { unit: "hours", n: Math.round(s / 3600) };
  return { unit: "days", n: Math.round(s / 86_400) };
}
