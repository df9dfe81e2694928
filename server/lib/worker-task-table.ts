import { readTableFile } from "../directory/table-file.ts";
import { convertQuestionnaire } from "../questionnaire-import/import-questionnaire.ts";
import { checkPasswordStrength } from "./password-strength.ts";

/**
 * Work that can take long enough to hold up every other request (hundreds of milliseconds on
 * hostile input) and so runs in the worker pool (worker-pool.ts), never on the event loop. Each
 * task is a plain function of serialisable arguments.
 */
export const workerTasks = {
  /** zxcvbn over German and English dictionaries: up to ~0.4 s for a crafted 64-character password. */
  passwordStrength: checkPasswordStrength,
  /** A directory import (CSV or XLSX, up to 7 MB): papaparse or exceljs take seconds at the limits. */
  readTableFile,
  /** A questionnaire import (SurveyJS, LimeSurvey, XLSForm, up to 5 MB): parsing and converting take seconds at the limits. */
  convertQuestionnaire,
};

export type WorkerTasks = typeof workerTasks;
