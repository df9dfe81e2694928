/** How the answer values of two versions of an item relate (what a new version must map). */
import { describe, expect, it } from "vitest";
import { answerValuesOf, resolveOptionMapping } from "../server/canon/option-mapping.ts";

describe("option values", () => {
  it("lists the answer values of choice, rating, matrix and boolean questions", () => {
    expect(answerValuesOf({ type: "checkbox", choices: [{ value: "a" }, "b"], showOtherItem: true, showNoneItem: true })).toEqual(["a", "b", "other", "none"]);
    expect(answerValuesOf({ type: "rating", rateMin: 0, rateMax: 10, rateStep: 5 })).toEqual(["0", "5", "10"]);
    expect(answerValuesOf({ type: "rating" })).toEqual(["1", "2", "3", "4", "5"]);
    expect(answerValuesOf({ type: "matrix", columns: [{ value: "x" }], rows: [{ value: "r" }] })).toEqual(["x"]);
    expect(answerValuesOf({ type: "comment" })).toEqual([]);
  });

  it("needs no mapping when the values stay, and fills in unchanged values when one is given", () => {
    const previous = { version: 3, element: { type: "radiogroup", choices: [{ value: "a" }, { value: "b" }] } };
    expect(resolveOptionMapping(previous, { type: "radiogroup", choices: [{ value: "b" }, { value: "a" }] }, undefined)).toBeNull();
    expect(resolveOptionMapping(previous, { type: "radiogroup", choices: [{ value: "a" }, { value: "c" }] }, { map: { b: "c" }, break: false })).toEqual({
      fromVersion: 3,
      map: { a: "a", b: "c" },
      break: false,
    });
    expect(() => resolveOptionMapping(previous, { type: "radiogroup", choices: [{ value: "a" }, { value: "b" }, { value: "c" }] }, undefined)).toThrow(/optionMapping/);
  });
});
