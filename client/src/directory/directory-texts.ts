/**
 * The directory pages' UI texts, German first; merged into the app's dictionary in lib/i18n.ts.
 * Every key in `de` needs its English twin in `en`.
 */
export const directoryTextsDe = {
} as const;

export const directoryTextsEn: Record<keyof typeof directoryTextsDe, string> = {
};
