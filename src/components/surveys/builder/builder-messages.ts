import type { builderEn } from "@/i18n/messages/areas/builder.en";

/** The builder's messages, translated on the server and handed to the client component. */
export type BuilderMessages = Record<Extract<keyof typeof builderEn, `builder.${string}`>, string>;
