import { webhooksEn } from "./areas/webhooks.en";
import { attributesEn } from "./areas/attributes.en";
import { combinationsEn } from "./areas/combinations.en";
import { contactsEn } from "./areas/contacts.en";
import { importsEn } from "./areas/imports.en";
import { importCleanupEn } from "./areas/import-cleanup.en";
import { layoutEn } from "./areas/layout.en";
import { builderEn } from "./areas/builder.en";
import { respondEn } from "./areas/respond.en";
import { analyticsEn } from "./areas/analytics.en";
import { apiEn } from "./areas/api.en";
import { apiScopesEn } from "./areas/api-scopes.en";
import { distributionEn } from "./areas/distribution.en";
import { exportEn } from "./areas/export.en";
import { insightsEn } from "./areas/insights.en";
import { honestStatsEn } from "./areas/honest-stats.en";
import { instrumentsEn } from "./areas/instruments.en";
import { linksEn } from "./areas/links.en";
import { accountabilityEn } from "./areas/accountability.en";
import { casesEn } from "./areas/cases.en";
import { privacyEn } from "./areas/privacy.en";
import { caseSettingsEn } from "./areas/case-settings.en";
import { caseListEn } from "./areas/case-list.en";
import { sendingEn } from "./areas/sending.en";
import { securityEn } from "./areas/security.en";
import { driversEn } from "./areas/drivers.en";
import { systemEn } from "./areas/system.en";
import { auditEn } from "./areas/audit.en";
import { ssoEn } from "./areas/sso.en";
import { accountsEn } from "./areas/accounts.en";
import { themesEn } from "./areas/themes.en";
import { outcomesEn } from "./areas/outcomes.en";
import { customerClassesEn } from "./areas/customer-classes.en";
import { outcomeImportEn } from "./areas/outcome-import.en";
import { orgSettingsEn } from "./areas/org-settings.en";
import { journeysEn } from "./areas/journeys.en";

/**
 * The English catalogue. Its keys are the catalogue's keys: zh-cn.ts must define every one of them.
 * Areas with many messages keep them in ./areas/<area>.en.ts (+ <area>.zh-cn.ts), spread in here.
 */
const core = {
  "app.name": "Echo NPS",
  "app.tagline": "Net Promoter Score surveys and customer-experience analytics",
  "locale.zh-CN": "中文",
  "locale.en": "English",
  "common.save": "Save",
  "common.cancel": "Cancel",
  "common.back": "Back",
  "common.none": "—",
  "common.language": "Language",

  "nav.dashboard": "Dashboard",
  "nav.surveys": "Surveys",
  "nav.contacts": "Contacts",
  "nav.signOut": "Sign out",
  "nav.roleInUnit": "{role} · {unit}",
  "nav.signedInAs": "Signed in as {name} ({role})",

  "role.OWNER": "Owner",
  "role.ADMIN": "Admin",
  "role.MANAGER": "CX manager",
  "role.VIEWER": "Viewer",

  "auth.title": "Sign in",
  "auth.subtitle": "to your organisation's NPS dashboard",
  "auth.email": "Email",
  "auth.password": "Password",
  "auth.submit": "Sign in",
  "auth.submitting": "Signing in…",
  "auth.invalid": "That email and password do not match an account.",
  "auth.demoHint": "Demo: {email} · password: {password}",

  "dashboard.title": "Dashboard",
  "dashboard.subtitle": "Net Promoter Score of all answered surveys",
  "dashboard.surveyFilter": "Survey",
  "dashboard.allSurveys": "All surveys",
  "dashboard.apply": "Show",
  "dashboard.nps": "NPS",
  "dashboard.npsLong": "Net Promoter Score",
  "dashboard.ci": "95% confidence interval: {low} to {high}",
  "dashboard.ciHelp": "With this many answers, the true NPS of everyone you could have asked lies in this range with 95% confidence. Fewer answers make the range wider.",
  "dashboard.responses": "Responses",
  "dashboard.responsesHelp": "Respondents who answered the 0–10 question. Skipped answers are not counted.",
  "dashboard.promoters": "Promoters (9–10)",
  "dashboard.passives": "Passives (7–8)",
  "dashboard.detractors": "Detractors (0–6)",
  "dashboard.mean": "Mean score",
  "dashboard.meanCi": "95% CI {low} – {high}",
  "dashboard.distribution": "Score distribution",
  "dashboard.distributionHelp": "How many respondents gave each score from 0 to 10.",
  "dashboard.shareOf": "{count} · {share}",
  "dashboard.noResponses": "No responses yet. Send a survey link to start collecting answers.",
  "dashboard.lowN": "Too few responses: with fewer than {minN} answers this figure can move a lot.",
  "dashboard.suppressed": "Fewer than {suppressN} responses: figures are hidden to protect respondents and avoid misleading numbers.",
  "dashboard.count": "Count",
  "dashboard.score": "Score",

  "surveys.title": "Surveys",
  "surveys.subtitle": "Create an NPS survey, invite customers, read what they say.",
  "surveys.new": "New survey",
  "surveys.name": "Internal name",
  "surveys.namePlaceholder": "e.g. Relationship NPS 2026",
  "surveys.brand": "Brand in the question",
  "surveys.brandPlaceholder": "e.g. Demo Bank",
  "surveys.kind": "Kind",
  "surveys.touchpoint": "Touchpoint (transactional surveys)",
  "surveys.touchpointPlaceholder": "e.g. account opening",
  "surveys.defaultLocale": "Default language",
  "surveys.create": "Create survey",
  "surveys.created": "Survey created.",
  "surveys.empty": "No surveys yet.",
  "surveys.responses": "Responses",
  "surveys.invitations": "Invitations",
  "surveys.status": "Status",
  "surveys.createdAt": "Created",
  "surveys.open": "Open",
  "kind.RELATIONSHIP": "Relationship",
  "kind.TRANSACTIONAL": "Transactional",
  "status.DRAFT": "Draft",
  "status.ACTIVE": "Active",
  "status.CLOSED": "Closed",

  "survey.invite.title": "Invite a customer",
  "survey.invite.help": "Adds the contact (or updates it, matched by email), creates their personal, single-use link and emails it — or only makes the link for you to copy.",
  "survey.invite.email": "Email",
  "survey.invite.name": "Name",
  "survey.invite.locale": "Language",
  "survey.invite.submit": "Send invitation email",
  "survey.invite.created": "Personal link created for {email}.",
  "survey.invite.link": "Personal link",
  "survey.invite.copy": "Copy link",
  "survey.invite.copied": "Copied",
  "survey.invitations.title": "Invitations",
  "survey.invitations.empty": "No invitations yet.",
  "survey.invitations.contact": "Contact",
  "survey.invitations.status": "Status",
  "survey.invitations.created": "Created",
  "survey.invitations.responded": "Answered",
  "survey.invitations.pending": "Not answered",
  "survey.results": "Results",

  "contacts.title": "Contacts",
  "contacts.subtitle": "Customers you can survey. Attributes (region, branch, tier …) drive segments.",
  "contacts.email": "Email",
  "contacts.name": "Name",
  "contacts.locale": "Language",
  "contacts.attributes": "Attributes",
  "contacts.unsubscribed": "Unsubscribed",
  "contacts.empty": "No contacts yet.",
  "contacts.showing": "Showing the latest {shown} of {total} contacts.",

  "respondent.question": "How likely are you to recommend {brand} to a friend or colleague?",
  "respondent.notLikely": "Not at all likely",
  "respondent.extremelyLikely": "Extremely likely",
  "respondent.scoreLegend": "Choose a score from 0 (not at all likely) to 10 (extremely likely)",
  "respondent.commentLabel": "What is the main reason for your score?",
  "respondent.commentHint": "Optional · up to {max} characters",
  "respondent.submit": "Send my answer",
  "respondent.privacy": "Your answer goes to {brand} only and is used to improve their service.",
  "respondent.thanks.title": "Thank you!",
  "respondent.thanks.PROMOTER": "We are glad you would recommend {brand}. Thank you for your trust.",
  "respondent.thanks.PASSIVE": "Your feedback helps {brand} earn a 10 from you next time.",
  "respondent.thanks.DETRACTOR": "We are sorry we fell short. Your feedback goes to the team at {brand}, and someone will follow up.",
  "respondent.thanks.none": "Your answer has been recorded.",
  "respondent.already.title": "You have already answered",
  "respondent.already.body": "Thank you — we received your answer to this survey. Each link can be used once.",
  "respondent.notFound.title": "This survey link is not valid",
  "respondent.notFound.body": "The link may be incomplete. Please open it again from your email.",
  "respondent.closed.title": "This survey is closed",
  "respondent.closed.body": "Thank you for your interest — this survey no longer accepts answers.",
  "respondent.error.title": "Your answer could not be saved",
  "respondent.error.backToSurvey": "Back to the survey",
  "respondent.error.score": "Please choose a score from 0 to 10.",
  "respondent.error.comment": "Your comment is too long (at most {max} characters).",
  "respondent.error.generic": "Something in the form was not right. Please try again.",

  "validation.required": "This field is required.",
  "validation.email": "Enter a valid email address.",
  "validation.touchpoint": "A transactional survey needs its touchpoint.",
  "validation.tooLong": "This is too long.",
  "validation.invalid": "This value is not valid.",
  "validation.forbidden": "Your role does not allow this action.",
  "validation.closed": "This survey is closed.",
  "validation.notOpen": "Publish the survey before inviting customers.",
  "validation.failed": "That did not work. Please check the form and try again.",
  "dashboard.fewerThan": "Fewer than {suppressN} responses: read this figure as anecdotal. Segments this small are hidden to protect respondents; below {minN} any figure can move a lot.",
  "survey.invite.localeAuto": "Contact's language, else the survey's",
  "health.ok": "ok",
  "error.notFound.title": "Page not found",
  "error.notFound.body": "The page does not exist, or you do not have access to it.",
  "error.generic.title": "Something went wrong",
  "error.generic.body": "Please try again. If it keeps happening, contact your administrator.",
  "error.retry": "Try again",
  "error.forbidden": "Your role does not allow this action.",
} as const;

export const en = { ...core, ...contactsEn, ...builderEn, ...respondEn, ...analyticsEn, ...apiEn, ...apiScopesEn, ...distributionEn, ...exportEn, ...insightsEn, ...instrumentsEn, ...linksEn, ...accountabilityEn, ...casesEn, ...privacyEn, ...caseSettingsEn, ...attributesEn, ...combinationsEn, ...importsEn, ...importCleanupEn, ...layoutEn, ...caseListEn, ...sendingEn, ...securityEn, ...driversEn, ...systemEn, ...auditEn, ...ssoEn, ...accountsEn, ...webhooksEn, ...honestStatsEn, ...themesEn, ...outcomesEn, ...customerClassesEn, ...outcomeImportEn, ...orgSettingsEn, ...journeysEn } as const;

export type MessageKey = keyof typeof en;
