import { apiRoute } from "@/server/api/api-route";
import { notFoundResponse } from "@/server/api/not-found";

export const dynamic = "force-dynamic";

/** /api/v1 itself is no endpoint: the same JSON 404 as any unknown path below it (the catch-all needs a segment). */
const notFound = apiRoute(async (request: Request) => notFoundResponse(request));

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
