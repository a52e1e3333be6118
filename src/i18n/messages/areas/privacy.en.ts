/** English messages of consent and personal data (PIPL): masking, the case page's reply without consent; privacy.zh-cn.ts must define the same keys. */
export const privacyEn = {
  "privacy.masked": "Personal details are masked for your role.",
  "privacy.searchMasked": "Searching by email, name, phone or customer id needs the CX manager role or higher.",
  "privacy.consent.given": "Yes, on {date} ({locale}, wording {version})",
  "privacy.consent.text": "Wording shown: “{text}”",
  "privacy.reply.noConsent":
    "The customer did not agree to be contacted, so no reply can be sent. You can still work the case internally: notes, root cause and status.",
  "privacy.reply.refused": "The customer did not agree to be contacted: the reply was not sent.",
  "cases.statusForm.placeholder": "Choose the new status…",
} as const;
