import { NextResponse, type NextRequest } from "next/server";
import { AppError, isAppError } from "@/lib/errors";
import { requireRole } from "@/server/auth/session";
import { sameOriginOnly } from "@/server/http/origin";
import { readJsonBody } from "@/server/http/read-json-body";
import { handleRoute } from "@/server/http/respond";
import { getSurveyContent } from "@/server/surveys/get-survey-content";
import { updateSurveyContent } from "@/server/surveys/update-survey-content";

type Context = { params: Promise<{ id: string }> };

const MAX_BODY_LENGTH = 512 * 1024;

/** The survey's editable content (settings + questions), for the builder. MANAGER+ may read it. */
export const GET = handleRoute(async (_request: NextRequest, context: Context) => {
  const { id } = await context.params;
  const viewer = await requireRole("MANAGER");
  const { content, version, status, hasResponses } = await getSurveyContent({ organizationId: viewer.organizationId, surveyId: id });
  return NextResponse.json({ content, version, status, hasResponses });
});

/**
 * Saves the builder's content (ADMIN+). Refusals are 4xx JSON whose error also carries what to fix:
 * `issues` (validation), `violations` (survey_locked: the survey has responses) or `missing`
 * (translations_missing).
 */
export const PUT = sameOriginOnly(handleRoute(async (request: NextRequest, context: Context) => {
  const { id } = await context.params;
  const viewer = await requireRole("ADMIN");
  if (!(request.headers.get("content-type") ?? "").includes("application/json")) {
    throw new AppError("unsupported_media_type", "Send the survey as JSON.");
  }
  const input = await readJsonBody(request, MAX_BODY_LENGTH);
  try {
    const result = await updateSurveyContent({ organizationId: viewer.organizationId, surveyId: id, userId: viewer.userId, input });
    return NextResponse.json(result);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const details = error.details && typeof error.details === "object" ? error.details : {};
    return NextResponse.json({ error: { code: error.code, message: error.message, ...details } }, { status: error.status });
  }
}));
