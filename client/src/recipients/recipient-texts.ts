/**
 * The recipient pages' UI texts, German first; merged into the app's dictionary in lib/i18n.ts.
 * Every key in `de` needs its English twin in `en`.
 */
export const recipientTextsDe = {
} as const;

export const recipientTextsEn: Record<keyof typeof recipientTextsDe, string> = {
};
