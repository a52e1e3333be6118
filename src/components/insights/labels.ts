import type { Translate } from "@/i18n/translate";
import type { NonResponseTableLabels } from "./non-response-table";
import type { SamplePlannerLabels } from "./sample-planner";
import type { VerbatimListLabels } from "./verbatim-list";

/**
 * The insights components' labels from a translator (call on the server: `verbatimListLabels(t)`), so a page
 * passes plain strings — also across the client boundary of SamplePlanner.
 */
export function verbatimListLabels(t: Translate): VerbatimListLabels {
  return {
    categories: {
      PROMOTER: t("insights.category.PROMOTER"),
      PASSIVE: t("insights.category.PASSIVE"),
      DETRACTOR: t("insights.category.DETRACTOR"),
    },
    category: t("insights.verbatims.category"),
    allCategories: t("insights.verbatims.allCategories"),
    search: t("insights.verbatims.search"),
    searchPlaceholder: t("insights.verbatims.searchPlaceholder"),
    apply: t("insights.verbatims.apply"),
    reset: t("insights.verbatims.reset"),
    more: t("insights.verbatims.more"),
    newest: t("insights.verbatims.newest"),
    empty: t("insights.verbatims.empty"),
    score: t("insights.verbatims.score"),
    noScore: t("insights.verbatims.noScore"),
    survey: t("insights.verbatims.survey"),
    touchpoint: t("insights.verbatims.touchpoint"),
    segment: t("insights.verbatims.segment"),
  };
}

export function nonResponseTableLabels(t: Translate): NonResponseTableLabels {
  return {
    explanation: t("insights.nonResponse.explanation"),
    summary: t("insights.nonResponse.summary"),
    attribute: t("insights.nonResponse.attribute"),
    value: t("insights.nonResponse.value"),
    respondents: t("insights.nonResponse.respondents"),
    nonRespondents: t("insights.nonResponse.nonRespondents"),
    gap: t("insights.nonResponse.gap"),
    gapHelp: t("insights.nonResponse.gapHelp"),
    gapPoints: t("insights.nonResponse.gapPoints"),
    countOf: t("insights.nonResponse.countOf"),
    largeGap: t("insights.nonResponse.largeGap"),
    largeGapHelp: t("insights.nonResponse.largeGapHelp"),
    largeGapsFound: t("insights.nonResponse.largeGapsFound"),
    noLargeGaps: t("insights.nonResponse.noLargeGaps"),
    notSet: t("insights.nonResponse.notSet"),
    empty: t("insights.nonResponse.empty"),
    oneSided: t("insights.nonResponse.oneSided"),
    noAttributes: t("insights.nonResponse.noAttributes"),
    skipped: t("insights.nonResponse.skipped"),
  };
}

export function samplePlannerLabels(t: Translate): SamplePlannerLabels {
  return {
    margin: t("insights.planner.margin"),
    marginHint: t("insights.planner.marginHint"),
    expectedNps: t("insights.planner.expectedNps"),
    expectedNpsHint: t("insights.planner.expectedNpsHint"),
    responses: t("insights.planner.responses"),
    invitations: t("insights.planner.invitations"),
    atRate: t("insights.planner.atRate"),
    noRate: t("insights.planner.noRate"),
    zeroRate: t("insights.planner.zeroRate"),
    currentMargin: t("insights.planner.currentMargin"),
    errorMargin: t("insights.planner.errorMargin"),
    errorNps: t("insights.planner.errorNps"),
  };
}
