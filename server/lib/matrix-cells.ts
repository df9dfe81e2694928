type Json = Record<string, unknown>;

/** Cell types whose cells hold no answer of the respondent's own (computed, shown only). */
const COMPUTED_CELLS = new Set(["expression", "html", "image"]);

/**
 * The columns of a SurveyJS matrixdropdown or matrixdynamic as the questions each cell is: the
 * column's own `cellType` or, where it says "default" or nothing, the matrix's `cellType`
 * (SurveyJS's default is a dropdown); a choice cell offers the column's choices or, where it has
 * none, the matrix's. Results, exports and the rule for empty rows read cells through this, so a
 * cell is aggregated, exported and labelled as a question of the same type would be.
 *
 * @example
 * cellQuestionsOf({ type: "matrixdropdown", choices: [1, 2, 3], columns: [{ name: "note" }, { name: "kenne", cellType: "boolean" }] });
 * // [{ name: "note", type: "dropdown", choices: [1, 2, 3] }, { name: "kenne", type: "boolean", cellType: "boolean" }]
 */
export function cellQuestionsOf(matrix: Json): Json[] {
  const columns = Array.isArray(matrix.columns) ? (matrix.columns as unknown[]) : [];
  const matrixType = typeof matrix.cellType === "string" && matrix.cellType !== "default" ? matrix.cellType : "dropdown";
  const cells: Json[] = [];
  for (const entry of columns) {
    if (!entry || typeof entry !== "object") continue;
    const column = entry as Json;
    if (typeof column.name !== "string" || column.name === "") continue;
    const type = typeof column.cellType === "string" && column.cellType !== "default" ? column.cellType : matrixType;
    if (COMPUTED_CELLS.has(type)) {
      cells.push({ ...column, type: "expression" });
      continue;
    }
    const ownChoices = Array.isArray(column.choices) && column.choices.length > 0;
    cells.push({ ...column, type, ...(!ownChoices && Array.isArray(matrix.choices) ? { choices: matrix.choices } : {}) });
  }
  return cells;
}
