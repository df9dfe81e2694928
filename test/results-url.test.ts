import { describe, expect, it } from "vitest";
import { emptyView, filterOfView, isFiltered, paramsOfView, viewFromParams, withoutFilter, type ResultsView } from "../client/src/results/results-url.ts";

const DISTRICT = "0b6f9a4e-8a55-4f0e-9a43-3e4a3c3b6a01";
const NETWORK = "6c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f";

describe("the results page's view in the address", () => {
  const view: ResultsView = {
    recipients: { kind: "institution", districtIds: [DISTRICT], types: ["Kita"], lifePhases: ["early_childhood", "school"], fieldsOfAction: ["health"], memberOfNetworkIds: [NETWORK] },
    answer: { question: "network.sphere", values: ["quartier", "stadtteil"] },
    groupBy: { question: "network.type" },
    cross: { rows: "network.sphere", columns: "network.type" },
  };

  it("survives the round trip through search params, keeping other parameters", () => {
    const params = paramsOfView(view, new URLSearchParams("tab=x&district=old"));
    expect(params.get("tab")).toBe("x");
    expect(params.getAll("district")).toEqual([DISTRICT]);
    expect(viewFromParams(params)).toEqual(view);
    expect(viewFromParams(paramsOfView({ ...view, groupBy: { recipient: "lifePhase" } })).groupBy).toEqual({ recipient: "lifePhase" });
  });

  it("writes nothing for an empty view and reads an empty address as one", () => {
    expect(paramsOfView(emptyView).toString()).toBe("");
    expect(viewFromParams(new URLSearchParams(""))).toEqual(emptyView);
  });

  it("drops what it does not know, duplicates and half-given parts", () => {
    const read = viewFromParams(new URLSearchParams("kind=alien&group=shoe&district=a&district=a&district=&answer=q1&rows=r"));
    expect(read.recipients.kind).toBeNull();
    expect(read.recipients.districtIds).toEqual(["a"]);
    expect(read.groupBy).toBeNull();
    // An answer question without values and rows without columns are not a filter or a table.
    expect(read.answer).toBeNull();
    expect(read.cross).toBeNull();
    expect(viewFromParams(new URLSearchParams("group=q:")).groupBy).toBeNull();
  });

  it("gives the API only the criteria that are set", () => {
    expect(filterOfView(emptyView)).toEqual({});
    expect(filterOfView({ ...emptyView, recipients: { ...emptyView.recipients, districtIds: [DISTRICT] } })).toEqual({ recipients: { districtIds: [DISTRICT] } });
    expect(filterOfView(view)).toEqual({
      recipients: { kind: "institution", districtIds: [DISTRICT], types: ["Kita"], lifePhases: ["early_childhood", "school"], fieldsOfAction: ["health"], memberOfNetworkIds: [NETWORK] },
      answer: { question: "network.sphere", values: ["quartier", "stadtteil"] },
    });
  });

  it("tells a filter from a grouping, and resets only the filter", () => {
    expect(isFiltered(view)).toBe(true);
    expect(isFiltered({ ...emptyView, groupBy: { recipient: "district" }, cross: view.cross })).toBe(false);
    expect(isFiltered({ ...emptyView, recipients: { ...emptyView.recipients, kind: "network" } })).toBe(true);
    const reset = withoutFilter(view);
    expect(isFiltered(reset)).toBe(false);
    expect(reset.groupBy).toEqual(view.groupBy);
    expect(reset.cross).toEqual(view.cross);
  });
});
