import type { ZxcvbnFactory } from "@zxcvbn-ts/core";

/**
 * How strong a password is, by zxcvbn-ts (pattern matching against common passwords, German and
 * English words and names, keyboard rows, dates, repeats), plus one rule of our own: a password
 * must not contain the person's name, e-mail address or their organisation's name. The one
 * judge of the server and the browser (pure, no `node:`): the strength meter shows while typing
 * exactly the verdict the server gives on saving.
 *
 * The dictionaries are large (several MB), so they are imported lazily on the first check: the
 * server loads them when a password is first set, the browser only on the pages with a new
 * password field, never on the respondent page. A check takes milliseconds for passwords people
 * type and is bounded for hostile ones (ANALYSED_LENGTH); the server checks only after the link
 * or session that allows setting a password has been verified.
 *
 * @example
 * const verdict = await checkPasswordStrength("sommer2024", { name: "Anna Admin", email: "anna@stadt.de" });
 * verdict.acceptable; // false
 * verdict.problem?.de; // "Jahreszahlen der letzten Zeit sind leicht zu erraten."
 */

/** A text in both UI languages. */
export interface LocalText {
  de: string;
  en: string;
}

/** Who sets the password: what it must not contain and what zxcvbn counts as easy to guess. */
export interface PasswordContext {
  name?: string;
  email?: string;
  organisationName?: string;
}

export interface PasswordVerdict {
  /** 0 (guessed at once) … 4 (very hard to guess); 0 for a password that is too short or holds the person's own data. */
  score: 0 | 1 | 2 | 3 | 4;
  /** At least MIN_PASSWORD_SCORE, at least MIN_PASSWORD_LENGTH characters and free of the person's own data. */
  acceptable: boolean;
  /** Why the password is refused (or weak); null when there is nothing to say. */
  problem: LocalText | null;
  /** How to make it stronger. */
  suggestions: LocalText[];
}

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;
/** zxcvbn's "safely unguessable" (about 10^8 guesses and more): what an online account needs. */
export const MIN_PASSWORD_SCORE = 3;
/**
 * zxcvbn judges the first 64 characters: its matching grows faster than the length (200 digits
 * took seconds, 64 take well under half a second), and 64 characters that are hard to guess make
 * a strong password whatever follows.
 */
const ANALYSED_LENGTH = 64;

/** Words of organisation names that say nothing about the organisation (so "Stadtgarten…" is allowed in "Stadt Wuppertal"). */
const GENERIC_NAME_WORDS = new Set([
  "stadt", "kreis", "landkreis", "gemeinde", "samtgemeinde", "verbandsgemeinde", "markt", "amt", "bezirk",
  "region", "verband", "der", "die", "das", "und", "von", "city", "town", "county", "district",
]);

const TOO_SHORT: LocalText = {
  de: `Bitte wählen Sie mindestens ${MIN_PASSWORD_LENGTH} Zeichen.`,
  en: `Please use at least ${MIN_PASSWORD_LENGTH} characters.`,
};

const OWN_DATA: LocalText = {
  de: "Das Passwort enthält Ihren Namen, Ihre E-Mail-Adresse oder den Namen Ihrer Organisation.",
  en: "The password contains your name, your e-mail address or your organisation's name.",
};

const EASY_TO_GUESS: LocalText = {
  de: "Dieses Passwort ist leicht zu erraten.",
  en: "This password is easy to guess.",
};

/** Our wording of zxcvbn's warnings (its keys), in the formal address the UI uses. */
const WARNINGS: Record<string, LocalText> = {
  straightRow: { de: "Tasten in einer Reihe der Tastatur sind leicht zu erraten.", en: "Straight rows of keys are easy to guess." },
  keyPattern: { de: "Kurze Tastaturmuster sind leicht zu erraten.", en: "Short keyboard patterns are easy to guess." },
  simpleRepeat: { de: "Wiederholte Zeichen wie „aaa“ sind leicht zu erraten.", en: "Repeated characters like \"aaa\" are easy to guess." },
  extendedRepeat: { de: "Wiederholte Muster wie „abcabcabc“ sind leicht zu erraten.", en: "Repeated patterns like \"abcabcabc\" are easy to guess." },
  sequences: { de: "Folgen wie „abc“ oder „123“ sind leicht zu erraten.", en: "Sequences like \"abc\" or \"123\" are easy to guess." },
  recentYears: { de: "Jahreszahlen der letzten Zeit sind leicht zu erraten.", en: "Recent years are easy to guess." },
  dates: { de: "Ein Datum ist leicht zu erraten.", en: "Dates are easy to guess." },
  topTen: { de: "Dies ist eines der häufigsten Passwörter.", en: "This is one of the most common passwords." },
  topHundred: { de: "Dies ist ein sehr häufiges Passwort.", en: "This is a very common password." },
  common: { de: "Dies ist ein häufiges Passwort.", en: "This is a common password." },
  similarToCommon: { de: "Dies ähnelt einem häufigen Passwort.", en: "This is similar to a common password." },
  wordByItself: { de: "Ein einzelnes Wort ist leicht zu erraten.", en: "A single word is easy to guess." },
  namesByThemselves: { de: "Ein einzelner Vor- oder Nachname ist leicht zu erraten.", en: "A single first or last name is easy to guess." },
  commonNames: { de: "Häufige Vor- und Nachnamen sind leicht zu erraten.", en: "Common first and last names are easy to guess." },
  userInputs: OWN_DATA,
  pwned: { de: "Dieses Passwort ist aus Datenlecks bekannt.", en: "This password is known from data breaches." },
};

/** Our wording of zxcvbn's suggestions (its keys). */
const SUGGESTIONS: Record<string, LocalText> = {
  l33t: { de: "Vorhersehbare Ersetzungen wie „@“ für „a“ helfen wenig.", en: "Predictable substitutions like \"@\" for \"a\" do not help much." },
  reverseWords: { de: "Rückwärts geschriebene Wörter helfen wenig.", en: "Words spelled backwards do not help much." },
  allUppercase: { de: "Schreiben Sie einige, nicht alle Buchstaben groß.", en: "Capitalise some, not all letters." },
  capitalization: { de: "Ein großer Anfangsbuchstabe allein hilft wenig.", en: "A capital first letter alone does not help much." },
  dates: { de: "Meiden Sie Daten, die mit Ihnen zu tun haben.", en: "Avoid dates associated with you." },
  recentYears: { de: "Meiden Sie Jahreszahlen der letzten Zeit.", en: "Avoid recent years." },
  associatedYears: { de: "Meiden Sie Jahreszahlen, die mit Ihnen zu tun haben.", en: "Avoid years associated with you." },
  sequences: { de: "Meiden Sie Folgen wie „abc“ oder „123“.", en: "Avoid sequences like \"abc\" or \"123\"." },
  repeated: { de: "Meiden Sie wiederholte Wörter und Zeichen.", en: "Avoid repeated words and characters." },
  longerKeyboardPattern: { de: "Nutzen Sie längere Tastaturmuster mit mehreren Richtungswechseln.", en: "Use longer keyboard patterns with more turns." },
  anotherWord: { de: "Fügen Sie weitere, weniger gebräuchliche Wörter hinzu.", en: "Add more words that are less common." },
  useWords: { de: "Nutzen Sie mehrere Wörter, aber keine bekannten Redewendungen.", en: "Use several words, but avoid common phrases." },
  noNeed: { de: "Sonderzeichen, Ziffern oder Großbuchstaben sind nicht nötig: mehrere ungewöhnliche Wörter genügen.", en: "Symbols, digits or capitals are not needed: several unusual words are enough." },
  pwned: { de: "Wenn Sie dieses Passwort anderswo nutzen, ändern Sie es dort.", en: "If you use this password elsewhere, change it there." },
};

let factory: Promise<ZxcvbnFactory> | undefined;

/** Loads zxcvbn with the common, German and English dictionaries once (lazily: they are large). */
function loadFactory(): Promise<ZxcvbnFactory> {
  factory ??= Promise.all([
    import("@zxcvbn-ts/core"),
    import("@zxcvbn-ts/language-common"),
    import("@zxcvbn-ts/language-de"),
    import("@zxcvbn-ts/language-en"),
  ]).then(
    ([core, common, german, english]) =>
      new core.ZxcvbnFactory({
        // German names are plain ("commonWords"), English ones suffixed ("commonWords-en"): no clash.
        dictionary: { ...common.dictionary, ...german.dictionary, ...english.dictionary },
        graphs: common.adjacencyGraphs,
        maxLength: ANALYSED_LENGTH,
        // Variants of letter substitutions tried per word (default 100): 4 still sees "P4$$w0rd!",
        // and the check stays fast on passwords made of nothing but substitutable characters.
        l33tMaxSubstitutions: 4,
      }),
  );
  return factory;
}

/** Lower case, compatibility forms folded (ﬁ → fi, full-width letters → ASCII). */
const normalise = (text: string) => text.normalize("NFKC").toLowerCase();

/** Jürgen → jürgen, juergen, jurgen: the ways a name with umlauts is typed. */
function spellings(word: string): string[] {
  const folded = word.replace(/ä/g, "ae").replace(/ö/g, "oe").replace(/ü/g, "ue").replace(/ß/g, "ss");
  const stripped = word.normalize("NFD").replace(/\p{M}/gu, "").replace(/ß/g, "ss");
  return [...new Set([word, folded, stripped])];
}

const wordsOf = (text: string | undefined) => (text ? normalise(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean) : []);

/** The person's own data a password must not contain: name parts, the address's local part and the organisation's name. */
function ownData(context: PasswordContext): string[] {
  const email = context.email ? normalise(context.email) : "";
  const localPart = email.includes("@") ? email.slice(0, email.lastIndexOf("@")) : email;
  const pieces = [
    ...wordsOf(context.name).filter((word) => word.length >= 3),
    ...(localPart.length >= 3 ? [localPart] : []),
    ...wordsOf(localPart).filter((word) => word.length >= 3),
    ...wordsOf(context.organisationName).filter((word) => word.length >= 4 && !GENERIC_NAME_WORDS.has(word)),
  ];
  return [...new Set(pieces.flatMap(spellings))];
}

/** What zxcvbn counts as guessable for this person: their data, whole and in words, and the service's name. */
function userInputs(context: PasswordContext): string[] {
  const whole = [context.name, context.email, context.organisationName].filter((text): text is string => Boolean(text)).map(normalise);
  const words = [...wordsOf(context.name), ...wordsOf(context.email), ...wordsOf(context.organisationName)].filter((word) => word.length >= 3);
  return [...new Set([...whole, ...words.flatMap(spellings), "kanon"])];
}

/**
 * Judges a password for the person who sets it. Refused (not `acceptable`): fewer than
 * MIN_PASSWORD_LENGTH characters, the person's name, address or organisation in it, or a zxcvbn
 * score below MIN_PASSWORD_SCORE. The first problem comes with zxcvbn's suggestions.
 */
export async function checkPasswordStrength(password: string, context: PasswordContext = {}): Promise<PasswordVerdict> {
  if ([...password].length < MIN_PASSWORD_LENGTH) return { score: 0, acceptable: false, problem: TOO_SHORT, suggestions: [SUGGESTIONS.useWords!] };
  const normalised = normalise(password);
  if (ownData(context).some((piece) => normalised.includes(piece))) {
    return { score: 0, acceptable: false, problem: OWN_DATA, suggestions: [SUGGESTIONS.useWords!] };
  }
  const zxcvbn = await loadFactory();
  const result = zxcvbn.check([...password].slice(0, ANALYSED_LENGTH).join(""), userInputs(context));
  const score = result.score as PasswordVerdict["score"];
  const suggestions = result.feedback.suggestions.flatMap((key) => (SUGGESTIONS[key] ? [SUGGESTIONS[key]] : []));
  const warning = result.feedback.warning ? (WARNINGS[result.feedback.warning] ?? null) : null;
  const acceptable = score >= MIN_PASSWORD_SCORE;
  return {
    score,
    acceptable,
    problem: acceptable ? null : (warning ?? EASY_TO_GUESS),
    suggestions: acceptable ? [] : suggestions.length > 0 ? suggestions : [SUGGESTIONS.anotherWord!],
  };
}
