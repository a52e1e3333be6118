/**
 * Opaque cursors of the REST API's lists: the last row's id (uuid v7, ordered by creation) in base64url, with a
 * version so the format can change. Clients must treat them as opaque.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** ASCII text → base64url without padding (btoa/atob: available in Node and browsers). */
function toBase64Url(ascii: string): string {
  return btoa(ascii).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

export function encodeCursor(lastId: string): string {
  return toBase64Url(`v1:${lastId}`);
}

/** The id a cursor stands for, or null when it is not one of ours. */
export function decodeCursor(cursor: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null;
  let text: string;
  try {
    text = atob(cursor.replaceAll("-", "+").replaceAll("_", "/"));
  } catch {
    return null;
  }
  if (!text.startsWith("v1:")) return null;
  const id = text.slice(3);
  return UUID.test(id) ? id.toLowerCase() : null;
}

/** Rows fetched with `limit + 1` → the page and the cursor of the next one (null on the last page). */
export function pageOf<T extends { id: string }>(rows: readonly T[], limit: number): { data: T[]; nextCursor: string | null } {
  const data = rows.slice(0, limit);
  const last = data[data.length - 1];
  return { data, nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null };
}
