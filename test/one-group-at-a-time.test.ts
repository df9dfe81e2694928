import { describe, expect, it } from "vitest";
import { oneGroupAtATime } from "../client/src/results/one-group-at-a-time.ts";
import { emptyCriteria, emptyView, type ResultsView } from "../client/src/results/results-url.ts";

/** The filter bar of a protected survey asks only for views the server answers. */
describe("one group at a time (pseudonymous and anonymous surveys)", () => {
  const inDistrict: ResultsView = { ...emptyView, recipients: { ...emptyCriteria, districtIds: ["nord"] } };

  it("replaces the district with the one just ticked", () => {
    const next = oneGroupAtATime(inDistrict, { ...inDistrict, recipients: { ...inDistrict.recipients, districtIds: ["nord", "sued"] } });
    expect(next.recipients).toEqual({ ...emptyCriteria, districtIds: ["sued"] });
  });

  it("replaces a district by a type, and a filter by an answer", () => {
    const byType = oneGroupAtATime(inDistrict, { ...inDistrict, recipients: { ...inDistrict.recipients, types: ["Kita"] } });
    expect(byType.recipients).toEqual({ ...emptyCriteria, types: ["Kita"] });
    const byAnswer = oneGroupAtATime(byType, { ...byType, answer: { question: "angebot", values: ["ja"] } });
    expect(byAnswer).toMatchObject({ recipients: emptyCriteria, answer: { question: "angebot", values: ["ja"] }, groupBy: null });
  });

  it("clears the filter when a breakdown is chosen, and keeps removals as they are", () => {
    const grouped = oneGroupAtATime(inDistrict, { ...inDistrict, groupBy: { recipient: "type" } });
    expect(grouped).toMatchObject({ recipients: emptyCriteria, answer: null, groupBy: { recipient: "type" } });
    const cleared = oneGroupAtATime(inDistrict, { ...inDistrict, recipients: emptyCriteria });
    expect(cleared.recipients).toEqual(emptyCriteria);
  });
});
