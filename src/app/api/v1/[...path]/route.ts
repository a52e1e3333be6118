import { apiRoute } from "@/server/api/api-route";
import { notFoundResponse } from "@/server/api/not-found";

export const dynamic = "force-dynamic";

/** Any path under /api/v1 that no route answers: a JSON 404 in the API's error shape, whatever the method. */
const notFound = apiRoute(async (request: Request) => notFoundResponse(request));

export const GET = notFound;
export const HEAD = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
