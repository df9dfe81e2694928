/**
 * The youth survey of test/fixtures/jugendbefragung.surveyjs.json as the other formats planners
 * hold questionnaires in: a LimeSurvey 6 structure export (.lss, German and English) and an
 * XLSForm (.xlsx, built with exceljs like a planner's spreadsheet). LimeSurvey answer codes are
 * at most five letters or digits, so its codes differ from the SurveyJS file's; the shape (pages,
 * names, required flags, conditions) is the same.
 */
import ExcelJS from "exceljs";

type Row = Record<string, string | number>;

function table(name: string, rows: Row[]): string {
  if (rows.length === 0) return "";
  const fields = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: string | number | undefined) => (value === undefined || value === "" ? "" : `<![CDATA[${value}]]>`);
  return ` <${name}>
  <fields>${fields.map((field) => `<fieldname>${field}</fieldname>`).join("")}</fields>
  <rows>
${rows.map((row) => `   <row>${fields.map((field) => (cell(row[field]) ? `<${field}>${cell(row[field])}</${field}>` : `<${field}/>`)).join("")}</row>`).join("\n")}
  </rows>
 </${name}>
`;
}

interface LssQuestion {
  qid: number;
  gid: number;
  type: string;
  code: string;
  de: string;
  en: string;
  mandatory?: "Y" | "N";
  relevance?: string;
  answers?: [string, string, string][];
  subquestions?: [string, string, string][];
  attributes?: [string, string][];
}

const lssQuestions: LssQuestion[] = [
  {
    qid: 10, gid: 1, type: "!", code: "alter", de: "<p>Wie alt bist du?</p>", en: "<p>How old are you?</p>", mandatory: "Y",
    answers: [["A1", "10 bis 11 Jahre", "10 to 11 years"], ["A2", "12 bis 13 Jahre", "12 to 13 years"], ["A3", "14 bis 15 Jahre", "14 to 15 years"], ["A4", "16 bis 17 Jahre", "16 to 17 years"]],
  },
  { qid: 11, gid: 1, type: "Y", code: "schule", de: "Gehst du zur Schule?", en: "Do you go to school?", mandatory: "Y" },
  {
    qid: 12, gid: 1, type: "!", code: "schulform", de: "Welche Schule besuchst du?", en: "Which school do you attend?", mandatory: "Y", relevance: '((schule.NAOK == "Y"))',
    answers: [["GS", "Gesamtschule", "Comprehensive school"], ["GY", "Gymnasium", "Grammar school"], ["RS", "Realschule", "Secondary school"]],
  },
  {
    qid: 20, gid: 2, type: "L", code: "jzbesuch", de: "Wie oft bist du im Jugendzentrum?", en: "How often are you at the youth centre?",
    answers: [["N", "Nie", "Never"], ["M", "Einmal im Monat", "Once a month"], ["W", "Jede Woche", "Every week"]],
  },
  {
    qid: 21, gid: 2, type: "M", code: "hobbys", de: "Was machst du in deiner Freizeit?", en: "What do you do in your free time?",
    subquestions: [["SQ001", "Sport", "Sports"], ["SQ002", "Jugendzentrum", "Youth centre"], ["SQ003", "Musik", "Music"]],
    attributes: [["statistics_showgraph", "1"], ["max_answers", "2"]],
  },
  { qid: 22, gid: 2, type: "5", code: "jzgefallen", de: "Wie gut gefällt dir das Jugendzentrum?", en: "How much do you like the youth centre?", relevance: 'jzbesuch.NAOK != "N" && hobbys_SQ002 == "Y"' },
  {
    qid: 23, gid: 2, type: "A", code: "angebote", de: "Wie findest du diese Angebote?", en: "How do you rate these offers?",
    subquestions: [["SQ001", "Sportverein", "Sports club"], ["SQ002", "Stadtbibliothek", "City library"]],
    attributes: [["array_filter", "hobbys"]],
  },
  {
    qid: 24, gid: 2, type: "R", code: "wichtig", de: "Was ist dir am wichtigsten?", en: "What matters most to you?",
    answers: [["FR", "Freunde treffen", "Meeting friends"], ["SP", "Sport", "Sports"], ["MU", "Musik", "Music"]],
  },
  { qid: 25, gid: 2, type: "T", code: "wuensche", de: "Was sollte es im Stadtteil noch geben?", en: "What else should the district have?", relevance: 'regexMatch("/^A/", alter.NAOK)' },
  { qid: 26, gid: 2, type: "|", code: "foto", de: "Lade ein Foto hoch", en: "Upload a photo" },
];

/** The questionnaire as LimeSurvey 6 exports it (.lss). */
export const youthLimeSurvey = (() => {
  const languages = ["de", "en"] as const;
  let subId = 100;
  let answerId = 500;
  const subquestionRows: Row[] = [];
  const questionTexts: Row[] = [];
  const answerRows: Row[] = [];
  const answerTexts: Row[] = [];
  const attributeRows: Row[] = [];
  for (const question of lssQuestions) {
    for (const language of languages) questionTexts.push({ id: question.qid * 10 + (language === "de" ? 1 : 2), qid: question.qid, question: question[language], help: "", language });
    for (const [order, [code, de, en]] of (question.subquestions ?? []).entries()) {
      const qid = ++subId;
      subquestionRows.push({ qid, parent_qid: question.qid, sid: 123456, gid: question.gid, type: "T", title: code, other: "N", mandatory: "N", question_order: order + 1, scale_id: 0, relevance: "1" });
      questionTexts.push({ id: qid * 10 + 1, qid, question: de, help: "", language: "de" }, { id: qid * 10 + 2, qid, question: en, help: "", language: "en" });
    }
    for (const [order, [code, de, en]] of (question.answers ?? []).entries()) {
      const aid = ++answerId;
      answerRows.push({ aid, qid: question.qid, code, sortorder: order + 1, assessment_value: 0, scale_id: 0 });
      answerTexts.push({ id: aid * 10 + 1, aid, answer: de, language: "de" }, { id: aid * 10 + 2, aid, answer: en, language: "en" });
    }
    for (const [attribute, value] of question.attributes ?? []) attributeRows.push({ qid: question.qid, attribute, value, language: "" });
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<document>
 <LimeSurveyDocType>Survey</LimeSurveyDocType>
 <DBVersion>624</DBVersion>
 <languages><language>de</language><language>en</language></languages>
${table("answers", answerRows)}${table("answer_l10ns", answerTexts)}${table("groups", [
    { gid: 1, sid: 123456, group_order: 1, randomization_group: "", grelevance: "1" },
    { gid: 2, sid: 123456, group_order: 2, randomization_group: "", grelevance: "" },
  ])}${table("group_l10ns", [
    { id: 1, gid: 1, group_name: "Über dich", description: "", language: "de" },
    { id: 2, gid: 1, group_name: "About you", description: "", language: "en" },
    { id: 3, gid: 2, group_name: "Deine Freizeit", description: "<p>Jetzt geht es um deine Freizeit.</p>", language: "de" },
    { id: 4, gid: 2, group_name: "Your free time", description: "<p>Now about your free time.</p>", language: "en" },
  ])}${table(
    "questions",
    lssQuestions.map((question, index) => ({
      qid: question.qid, parent_qid: 0, sid: 123456, gid: question.gid, type: question.type, title: question.code, preg: "", other: "N",
      mandatory: question.mandatory ?? "N", encrypted: "N", question_order: index + 1, scale_id: 0, same_default: 0, relevance: question.relevance ?? "1",
    })),
  )}${table("subquestions", subquestionRows)}${table("question_l10ns", questionTexts)}${table("question_attributes", attributeRows)}${table("surveys_languagesettings", [
    { surveyls_survey_id: 123456, surveyls_language: "de", surveyls_title: "Jugendbefragung Freizeit 2024", surveyls_description: "Wie verbringst du deine Freizeit?", surveyls_endtext: "<p>Danke fürs Mitmachen!</p>" },
    { surveyls_survey_id: 123456, surveyls_language: "en", surveyls_title: "Youth survey on free time 2024", surveyls_description: "How do you spend your free time?", surveyls_endtext: "<p>Thank you!</p>" },
  ])}</document>
`;
})();

/** The questionnaire as an XLSForm workbook, as a planner would fill in the template. */
export async function buildYouthXlsForm(): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const survey = workbook.addWorksheet("survey");
  survey.addRow(["type", "name", "label::Deutsch (de)", "label::English (en)", "hint::Deutsch (de)", "required", "relevant", "constraint", "constraint_message::Deutsch (de)", "appearance", "parameters"]);
  const rows: (string | undefined)[][] = [
    ["start", "start"],
    ["begin group", "ueber_dich", "Über dich", "About you"],
    ["select_one alter", "alter", "Wie alt bist du?", "How old are you?", "", "yes", "", "", "", "minimal"],
    ["select_one janein", "schule", "Gehst du zur Schule?", "Do you go to school?", "", "yes"],
    ["select_one schulform", "schulform", "Welche Schule besuchst du?", "Which school do you attend?", "", "yes", "${schule} = 'ja'"],
    ["end group"],
    ["begin group", "freizeit", "Deine Freizeit", "Your free time"],
    ["begin group", "treff", "Jugendzentrum", "Youth centre"],
    ["select_one haeufigkeit", "jz_besuch", "Wie oft bist du im Jugendzentrum?", "How often are you at the youth centre?"],
    ["range", "jz_zufrieden", "Wie gut gefällt dir das Jugendzentrum?", "How much do you like it?", "", "", "${jz_besuch} = 'woechentlich' or ${jz_besuch} = 'taeglich'", "", "", "", "start=1 end=5 step=1"],
    ["integer", "stunden_sport", "Wie viele Stunden machst du pro Woche Sport?", "How many hours of sport a week?", "", "", "", ". >= 0 and . <= 40", "Bitte 0 bis 40 Stunden."],
    ["end group"],
    ["select_multiple hobbys", "hobbys", "Was machst du in deiner Freizeit?", "What do you do in your free time?"],
    ["integer", "freunde_anzahl", "Mit wie vielen Freunden?", "With how many friends?", "", "", "count-selected(${hobbys}) > 1"],
    ["rank wichtig", "wichtig", "Was ist dir am wichtigsten?", "What matters most to you?"],
    ["begin repeat", "aktivitaeten", "Welche Aktivitäten wünschst du dir?", "Which activities would you like?"],
    ["text", "aktivitaet", "Aktivität", "Activity"],
    ["select_one ort", "ort", "Wo?", "Where?"],
    ["end repeat"],
    ["text", "wuensche", "Was sollte es im Stadtteil noch geben?", "What else should the district have?", "Schreib, was dir einfällt.", "", "", "", "", "multiline"],
    ["geopoint", "ort_gps", "Wo bist du gerade?", "Where are you?"],
    ["end group"],
    ["end", "end"],
  ];
  for (const row of rows) survey.addRow(row);
  const choices = workbook.addWorksheet("choices");
  choices.addRow(["list_name", "name", "label::Deutsch (de)", "label::English (en)"]);
  const lists: [string, string, string, string][] = [
    ["alter", "10-11", "10 bis 11 Jahre", "10 to 11 years"],
    ["alter", "12-13", "12 bis 13 Jahre", "12 to 13 years"],
    ["alter", "14-15", "14 bis 15 Jahre", "14 to 15 years"],
    ["alter", "16-17", "16 bis 17 Jahre", "16 to 17 years"],
    ["janein", "ja", "Ja", "Yes"],
    ["janein", "nein", "Nein", "No"],
    ["schulform", "GS", "Gesamtschule", "Comprehensive school"],
    ["schulform", "GY", "Gymnasium", "Grammar school"],
    ["haeufigkeit", "nie", "Nie", "Never"],
    ["haeufigkeit", "woechentlich", "Jede Woche", "Every week"],
    ["haeufigkeit", "taeglich", "Fast jeden Tag", "Almost every day"],
    ["hobbys", "sport", "Sport", "Sports"],
    ["hobbys", "musik", "Musik", "Music"],
    ["wichtig", "freunde", "Freunde treffen", "Meeting friends"],
    ["wichtig", "sport", "Sport", "Sports"],
    ["ort", "jz", "Jugendzentrum", "Youth centre"],
    ["ort", "park", "Park", "Park"],
  ];
  for (const row of lists) choices.addRow(row);
  const settings = workbook.addWorksheet("settings");
  settings.addRow(["form_title", "form_id", "default_language"]);
  settings.addRow(["Jugendbefragung Freizeit 2024", "jugend_2024", "Deutsch (de)"]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
