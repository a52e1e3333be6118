/** English messages of the security area (sign-in throttling); security.zh-cn.ts must define the same keys. */
export const securityEn = {
  "security.signIn.locked":
    "Too many failed sign-ins for this account or from this network. For your security, signing in is paused: try again at {time} (in about {minutes} min).",
} as const;
