/** /api/v1 itself is no endpoint: the same JSON 404 as any unknown path below it (the catch-all needs a segment). */
export { DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT } from "./[...path]/route";

export const dynamic = "force-dynamic";
