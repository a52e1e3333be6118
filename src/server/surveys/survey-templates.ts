import "server-only";
import type { MessageKey } from "@/i18n/translate";
import type { SurveyQuestion, SurveyTemplate } from "@/schemas/survey-content";
import { FOLLOW_UP_KEY, NPS_KEY } from "@/schemas/survey-content";
import { SERVQUAL_DIMENSIONS } from "@/lib/servqual";
import { textInAllLocales } from "./default-questions";

const all = (key: MessageKey) => textInAllLocales(key);

/** The NPS question (0–10, fixed) and its follow-up with a wording per category: every survey starts with these. */
export function coreQuestions(): SurveyQuestion[] {
  return [
    {
      key: NPS_KEY,
      type: "NPS",
      required: true,
      text: all("respondent.question"),
      settings: { lowLabel: all("respondent.notLikely"), highLabel: all("respondent.extremelyLikely") },
    },
    {
      key: FOLLOW_UP_KEY,
      type: "OPEN_TEXT",
      required: false,
      text: all("respondent.commentLabel"),
      settings: {
        byCategory: {
          PROMOTER: all("template.followUp.PROMOTER"),
          PASSIVE: all("template.followUp.PASSIVE"),
          DETRACTOR: all("template.followUp.DETRACTOR"),
        },
      },
    },
  ];
}

/**
 * Starting questions per template. SERVQUAL: one item per dimension (expectation and perception on 1–7, so
 * a gap can be computed); Kano: a functional / dysfunctional pair for two example features.
 */
export function templateQuestions(template: SurveyTemplate): SurveyQuestion[] {
  const core = coreQuestions();
  if (template === "servqual") {
    return [
      ...core,
      ...SERVQUAL_DIMENSIONS.map((dimension): SurveyQuestion => ({
        key: `sq_${dimension}`,
        type: "SERVQUAL",
        required: false,
        text: all(`template.servqual.${dimension}`),
        settings: { dimension, scale: 7 },
      })),
    ];
  }
  if (template === "kano") {
    return [
      ...core,
      ...(["mobile_login", "instant_alerts"] as const).map((feature): SurveyQuestion => ({
        key: `kano_${feature}`,
        type: "KANO",
        required: false,
        text: all(`template.kano.${feature}`),
        settings: { functional: all(`template.kano.${feature}.functional`), dysfunctional: all(`template.kano.${feature}.dysfunctional`) },
      })),
    ];
  }
  return core;
}
