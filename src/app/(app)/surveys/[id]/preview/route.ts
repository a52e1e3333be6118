import type { NextRequest } from "next/server";
import { isLocale } from "@/i18n/locales";
import { isAppError } from "@/lib/errors";
import { requireRole } from "@/server/auth/session";
import { errorResponse } from "@/server/http/respond";
import { renderRespondentDocument, RESPONDENT_HTML_HEADERS } from "@/server/responses/respondent-document";
import { getSurveyPreview, type PreviewStep } from "@/server/surveys/get-survey-preview";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const STEPS: readonly PreviewStep[] = ["start", "drivers", "done"];

/**
 * The survey exactly as a respondent sees it, in ?lang, at ?step (start | drivers | done) with ?score:
 * the real respondent document, whose forms here lead from step to step of the preview and record nothing.
 */
export async function GET(request: NextRequest, context: Context) {
  const { id } = await context.params;
  const query = request.nextUrl.searchParams;
  try {
    const viewer = await requireRole("MANAGER");
    const lang = query.get("lang");
    const stepParam = query.get("step") ?? "start";
    const step = (STEPS as readonly string[]).includes(stepParam) ? (stepParam as PreviewStep) : "start";
    const score = Number.parseInt(query.get("score") ?? "", 10);
    const view = await getSurveyPreview({
      organizationId: viewer.organizationId,
      surveyId: id,
      locale: isLocale(lang) ? lang : null,
      step,
      score,
    });
    const document = renderRespondentDocument({
      view,
      target: { kind: "preview", path: `/surveys/${encodeURIComponent(id)}/preview` },
      preselected: score,
      justAnswered: true,
    });
    return new Response(document, { status: 200, headers: { ...RESPONDENT_HTML_HEADERS, "X-Frame-Options": "SAMEORIGIN" } });
  } catch (error) {
    if (isAppError(error)) return errorResponse(error);
    throw error;
  }
}
