import { describe, expect, it } from "vitest";
import { catalogueOf } from "../client/src/results/question-catalogue.ts";
import type { TopQuestion } from "../client/src/results/result-types.ts";
import { formatAmount, formatFigure, formatYear } from "../client/src/lib/format.ts";
import { contrastRatio, divergingColours, rankColours, scaleDirection, textOn } from "../client/src/lib/likert-colours.ts";
import { fileNamePart } from "../client/src/lib/save-file.ts";
import { binLabel, chartFileName, divergingSeries, looksIntegral, matrixGrid, percentOf } from "../client/src/results/result-figures.ts";

const label = (text: string) => ({ de: text, en: text });

describe("the results page's figures", () => {
  it("takes shares of the base, 0 without one", () => {
    expect(percentOf(1, 4)).toBe(25);
    expect(percentOf(3, 0)).toBe(0);
  });

  it("splits a rating scale around zero, stacked outward, the middle halved", () => {
    // Four columns: 1 and 2 left (2 next to zero), 3 and 4 right.
    expect(divergingSeries(4, [[1, 1, 2, 0]])).toEqual([
      { column: 1, side: "left", values: [-25] },
      { column: 0, side: "left", values: [-25] },
      { column: 2, side: "right", values: [50] },
      { column: 3, side: "right", values: [0] },
    ]);
    // Five columns: the middle split in halves on both sides; each row's shares add up to 100.
    const series = divergingSeries(5, [
      [2, 2, 2, 2, 2],
      [0, 0, 0, 0, 0],
    ]);
    expect(series.map((part) => `${part.column}${part.side[0]}`)).toEqual(["2l", "1l", "0l", "2r", "3r", "4r"]);
    expect(series.find((part) => part.column === 2 && part.side === "left")!.values).toEqual([-10, -0]);
    expect(series.reduce((sum, part) => sum + Math.abs(part.values[0]!), 0)).toBeCloseTo(100);
    expect(series.every((part) => Math.abs(part.values[1]!) === 0)).toBe(true);
  });

  it("labels histogram bins as values, inclusive ranges or intervals", () => {
    expect(binLabel({ from: 2019, to: 2020 }, true, "de", "year")).toBe("2019");
    expect(binLabel({ from: 2010, to: 2015 }, true, "de", "year")).toBe("2010–2014");
    // Amounts are grouped, whatever their size; years never are.
    expect(binLabel({ from: 1000, to: 2000 }, true, "de")).toBe("1.000–1.999");
    expect(binLabel({ from: 1000, to: 2000 }, true, "en", "number")).toBe("1,000–1,999");
    expect(binLabel({ from: 10, to: 15 }, true, "de")).toBe("10–14");
    expect(binLabel({ from: 1.5, to: 2.25 }, false, "de")).toBe("1,5 – 2,25");
    expect(binLabel({ from: 1.5, to: 2.25 }, false, "en")).toBe("1.5 – 2.25");
    expect(looksIntegral({ options: [{ value: "3" }, { value: "12" }], histogram: [] })).toBe(true);
    expect(looksIntegral({ options: [{ value: "0.5" }], histogram: [{ from: 0, to: 1 }] })).toBe(false);
    expect(looksIntegral({ options: [], histogram: [{ from: 0, to: 0.5 }] })).toBe(false);
  });

  it("lines up matrix rows on the declared columns, then columns only found in answers", () => {
    const grid = matrixGrid(
      [
        { value: "a", label: label("A") },
        { value: "b", label: label("B") },
      ],
      [
        { distribution: [{ value: "b", label: label("B"), count: 2 }] },
        { distribution: [{ value: "x", label: label("X"), count: 1 }, { value: "a", label: label("A"), count: 3 }] },
      ],
    );
    expect(grid.columns.map((column) => column.value)).toEqual(["a", "b", "x"]);
    expect(grid.counts).toEqual([
      [0, 2, 0],
      [3, 0, 1],
    ]);
  });

  it("names PNG files after the survey and the question, in plain letters", () => {
    expect(fileNamePart("Bestandsaufnahme Größe & Übergänge 2026")).toBe("bestandsaufnahme-groesse-uebergaenge-2026");
    expect(chartFileName("Netzwerkanalyse 2026", "network.sphere")).toBe("netzwerkanalyse-2026-network-sphere.png");
    expect(chartFileName("", "")).toBe("diagramm.png");
  });

  it("keeps filter values pickable that a filtered answer no longer lists", () => {
    const numeric = (values: string[]) =>
      ({
        kind: "numeric",
        name: "count",
        title: label("Anzahl"),
        options: values.map((value) => ({ value, label: label(value), count: 1 })),
      }) as unknown as TopQuestion;
    const first = catalogueOf([numeric(["10", "2"]), { kind: "text", name: "t" } as unknown as TopQuestion]);
    expect(first.map((question) => question.name)).toEqual(["count"]);
    expect(first[0]!.values.map((value) => value.value)).toEqual(["2", "10"]);
    const later = catalogueOf([numeric(["10"])], first);
    expect(later[0]!.values.map((value) => value.value)).toEqual(["2", "10"]);
  });
});

describe("years and amounts", () => {
  it("writes years without grouping and a mean of years as a whole year, in both languages", () => {
    for (const lang of ["de", "en"] as const) {
      expect(formatFigure(2014, "year", lang)).toBe("2014");
      expect(formatFigure(2013.5, "year", lang)).toBe("2014");
      expect(formatFigure(2013.25, "year", lang)).toBe("2013");
      expect(formatYear(1999.7)).toBe("2000");
    }
  });

  it("writes amounts grouped with the reader's decimal sign", () => {
    expect(formatFigure(2013.5, "number", "de")).toBe("2.013,5");
    expect(formatFigure(2013.5, "number", "en")).toBe("2,013.5");
    expect(formatFigure(12345.678, undefined, "de")).toBe("12.345,68");
    expect(formatFigure(12345.678, null, "en", 1)).toBe("12,345.7");
    expect(formatAmount(0.5, "de")).toBe("0,5");
  });
});

describe("colours of an answer scale (Likert)", () => {
  const greyish = (colour: string) => colour.slice(1, 3) === colour.slice(3, 5) && colour.slice(3, 5) === colour.slice(5, 7);
  const darkness = (colour: string) => contrastRatio(colour, "#ffffff");

  it("diverge from a grey middle: one hue per side, darker towards each extreme, never the negative end alone darkest", () => {
    for (const count of [2, 3, 4, 5, 6, 7, 9, 10]) {
      const colours = divergingColours(count, "negative-first");
      expect(colours).toHaveLength(count);
      const half = Math.floor(count / 2);
      if (count % 2 === 1) expect(greyish(colours[half]!)).toBe(true);
      const left = colours.slice(0, half);
      const right = colours.slice(count - half);
      expect(left.some(greyish) || right.some(greyish)).toBe(false);
      // Outwards, each side gets darker (or stays for very long scales); both ends are equally strong.
      for (let index = 0; index + 1 < half; index++) {
        expect(darkness(left[index]!)).toBeGreaterThanOrEqual(darkness(left[index + 1]!));
        expect(darkness(right[half - 1 - index]!)).toBeGreaterThanOrEqual(darkness(right[half - 2 - index]!));
      }
      expect(Math.abs(darkness(colours[0]!) - darkness(colours[count - 1]!))).toBeLessThan(1.5);
      // The two sides are different hues: orange-brown (red > blue) and blue (blue > red).
      const redOverBlue = (colour: string) => parseInt(colour.slice(1, 3), 16) > parseInt(colour.slice(5, 7), 16);
      expect(left.every(redOverBlue)).toBe(true);
      expect(right.every((colour) => !redOverBlue(colour))).toBe(true);
    }
    expect(divergingColours(5, "positive-first")).toEqual([...divergingColours(5, "negative-first")].reverse());
  });

  it("meets WCAG non-text contrast against the white background and borders, and labels inside are readable", () => {
    for (const count of [2, 3, 4, 5, 7, 9]) {
      for (const colour of divergingColours(count)) {
        expect(contrastRatio(colour, "#ffffff")).toBeGreaterThanOrEqual(3);
        expect(contrastRatio(colour, textOn(colour))).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it("colour a ranking's places in one hue, the top place darkest, readable and with enough contrast", () => {
    for (let count = 2; count <= 8; count++) {
      const colours = rankColours(count);
      expect(colours).toHaveLength(count);
      for (let place = 1; place < count; place++) expect(darkness(colours[place]!), `place ${place + 1} of ${count}`).toBeLessThanOrEqual(darkness(colours[place - 1]!));
      expect(darkness(colours[0]!)).toBeGreaterThan(darkness(colours[count - 1]!));
      for (const colour of colours) {
        expect(contrastRatio(colour, "#ffffff")).toBeGreaterThanOrEqual(3);
        expect(contrastRatio(colour, textOn(colour))).toBeGreaterThanOrEqual(4.5);
      }
    }
  });

  it("finds the negative end: low numbers, or the answers that say “nicht”, “kaum”, “unzureichend”", () => {
    const columns = (...labels: string[]) => labels.map((label, index) => ({ value: `c${index}`, label }));
    expect(scaleDirection([1, 2, 3, 4, 5].map((value) => ({ value: String(value), label: String(value) })))).toBe("negative-first");
    expect(scaleDirection([5, 4, 3, 2, 1].map((value) => ({ value: String(value), label: String(value) })))).toBe("positive-first");
    expect(scaleDirection(columns("trifft voll zu", "trifft eher zu", "trifft eher nicht zu", "trifft gar nicht zu"))).toBe("positive-first");
    expect(scaleDirection(columns("gut", "teilweise ausreichend", "unzureichend"))).toBe("positive-first");
    expect(scaleDirection(columns("stark", "teilweise", "kaum", "gar nicht"))).toBe("positive-first");
    expect(scaleDirection(columns("strongly disagree", "disagree", "neutral", "agree", "strongly agree"))).toBe("negative-first");
    expect(scaleDirection(columns("selten", "manchmal", "oft"))).toBe("negative-first");
  });
});
