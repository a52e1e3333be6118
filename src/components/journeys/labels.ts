import type { Translate } from "@/i18n/translate";
import type { JourneyEditorLabels } from "./journey-editor";

/** The journey editor's texts in the page's language. */
export function journeyEditorLabels(t: Translate): JourneyEditorLabels {
  return {
    nameZh: t("journeys.form.nameZh"),
    nameEn: t("journeys.form.nameEn"),
    stages: t("journeys.form.stages"),
    stage: t("journeys.form.stage", { n: "{n}" }),
    stageNameZh: t("journeys.form.stageNameZh"),
    stageNameEn: t("journeys.form.stageNameEn"),
    touchpoints: t("journeys.form.touchpoints"),
    touchpoint: t("journeys.form.touchpoint"),
    kind: t("journeys.form.kind"),
    kinds: { PHYSICAL: t("journeys.kind.PHYSICAL"), DIGITAL: t("journeys.kind.DIGITAL"), INTERPERSONAL: t("journeys.kind.INTERPERSONAL") },
    chooseTouchpoint: t("journeys.form.chooseTouchpoint"),
    addStage: t("journeys.form.addStage"),
    addTouchpoint: t("journeys.form.addTouchpoint"),
    removeTouchpoint: t("journeys.form.removeTouchpoint"),
    moveUp: t("journeys.form.moveUp"),
    moveDown: t("journeys.form.moveDown"),
    removeStage: t("journeys.form.removeStage"),
    noTouchpointOptions: t("journeys.form.noTouchpointOptions"),
    save: t("journeys.form.save"),
    saving: t("journeys.form.saving"),
    errorSummary: t("journeys.error.summary"),
    errors: {
      required: t("journeys.error.required"),
      tooLong: t("journeys.error.tooLong"),
      invalid: t("journeys.error.invalid"),
      tooMany: t("journeys.error.tooMany"),
      noStages: t("journeys.error.noStages"),
      duplicateTouchpoint: t("journeys.error.duplicateTouchpoint"),
      unknownTouchpoint: t("journeys.error.unknownTouchpoint"),
      notFound: t("journeys.error.notFound"),
      forbidden: t("journeys.error.forbidden"),
    },
  };
}
