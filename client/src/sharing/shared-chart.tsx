import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
  type ChartType,
  type Plugin,
} from "chart.js";
import { useEffect, useRef, useState } from "react";
import { formatPercent } from "../lib/format.ts";
import { useI18n, type I18n } from "../lib/i18n.ts";
import { divergingColours, rankColours, type ScaleDirection } from "../lib/likert-colours.ts";
import { hiddenTogether } from "./hidden-share.ts";

const BAR_COLOUR = "#0b6b58";
/** The network's own answer among everyone's: a warm colour, told apart by more than hue in the table. */
const OWN_COLOUR = "#b45309";
/** Hidden values: grey hatching with a dark outline (3:1 and more against white). */
const HATCH_LINE = "#4b4b4b";
const HATCH_BACKGROUND = "#e4e4e4";
const MARKER_COLOUR = "#3e4c59";
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** One bar: a label and its count, null when withheld. */
export interface Bar {
  key: string;
  label: string;
  count: number | null;
  /** The network's own answer (own mode). */
  own?: boolean;
}

/**
 * Bars of one distribution. `additive`: the counts add up to n (single choice, histogram), so
 * the hidden ones are drawn together as one hatched bar; otherwise (multiple choice) each hidden
 * option is marked "< k".
 */
export interface Bars {
  bars: Bar[];
  n: number | null;
  additive: boolean;
}

/** A stacked chart of matrix rows: per row, one count per column (null when withheld) and the row's n. */
export interface Stack {
  columns: string[];
  /** A rating scale's direction (diverging colours), or a ranking's places (one hue, the top darkest). */
  direction: ScaleDirection | "ranks";
  rows: { key: string; label: string; counts: (number | null)[]; n: number | null }[];
}

export type ChartContent = Bars | { stack: Stack };

type BarConfig = ChartConfiguration<"bar", (number | null)[], string>;

declare module "chart.js" {
  interface PluginOptionsByType<TType extends ChartType> {
    /** Text drawn at the start of the bars that are withheld (null counts of the first dataset). */
    hiddenMarkers?: { text: string } | false;
  }
}

function wrap(label: string, width = 40): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of label.split(/\s+/)) {
    if (line && (line + " " + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Diagonal grey hatching: hidden values look hidden, in print and to people who see no colour too. */
function hatching(): CanvasPattern | string {
  if (typeof document === "undefined") return HATCH_BACKGROUND;
  const tile = document.createElement("canvas");
  tile.width = 8;
  tile.height = 8;
  const context = tile.getContext("2d");
  if (!context) return HATCH_BACKGROUND;
  context.fillStyle = HATCH_BACKGROUND;
  context.fillRect(0, 0, 8, 8);
  context.strokeStyle = HATCH_LINE;
  context.lineWidth = 1.5;
  context.beginPath();
  context.moveTo(0, 8);
  context.lineTo(8, 0);
  context.moveTo(-2, 2);
  context.lineTo(2, -2);
  context.moveTo(6, 10);
  context.lineTo(10, 6);
  context.stroke();
  return context.createPattern(tile, "repeat") ?? HATCH_BACKGROUND;
}

/** Writes the marker ("< 5") where a withheld bar would start, so no hidden bar silently vanishes. */
const hiddenMarkers: Plugin<"bar"> = {
  id: "hiddenMarkers",
  afterDatasetsDraw(chart) {
    const options = chart.options.plugins?.hiddenMarkers;
    if (!options) return;
    const meta = chart.getDatasetMeta(0);
    const data = chart.data.datasets[0]?.data ?? [];
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.font = `italic 12px ${FONT}`;
    ctx.fillStyle = MARKER_COLOUR;
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    meta.data.forEach((element, index) => {
      if (data[index] !== null) return;
      ctx.fillText(options.text ?? "", chartArea.left + 6, (element as unknown as { y: number }).y);
    });
    ctx.restore();
  },
};

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, hiddenMarkers);

const axis = {
  ticks: { autoSkip: false, font: { family: FONT }, color: "#1f2933" },
};

/** Labels wrapped to the room there is: on a phone the axis gets a third of ~300 px. */
const labelWidth = (chartWidth: number) => (chartWidth < 520 ? 16 : 32);

const categoryAxis = {
  ...axis,
  ticks: {
    ...axis.ticks,
    callback(this: { getLabelForValue(value: number): string; chart: { width: number } }, value: string | number) {
      return wrap(this.getLabelForValue(Number(value)), labelWidth(this.chart.width));
    },
  },
};

/** The bars as drawn: withheld ones as markers, and for an additive distribution one hatched bar of all hidden values together. */
export function drawnBars(content: Bars): { bars: Bar[]; together: number | null } {
  const together = content.additive ? hiddenTogether(content.bars.map((bar) => bar.count), content.n) : null;
  return { bars: content.bars, together };
}

function hiddenText(additive: boolean, k: number, i18n: I18n): string {
  return additive ? i18n.t("networkView.hiddenCell", { k }) : i18n.t("networkView.belowKCell", { k });
}

function barConfig(content: Bars, k: number, i18n: I18n): BarConfig {
  const { bars, together } = drawnBars(content);
  const labels = [...bars.map((bar) => bar.label), ...(together === null ? [] : [i18n.t("networkView.hiddenTogether")])];
  const share = (count: number) => (content.n ? `${count} (${formatPercent(count, content.n, i18n.lang)})` : String(count));
  return {
    type: "bar",
    data: {
      labels,
      datasets: [
        {
          label: i18n.t("networkView.count"),
          data: [...bars.map((bar) => bar.count), ...(together === null ? [] : [together])],
          backgroundColor: [...bars.map((bar) => (bar.own ? OWN_COLOUR : BAR_COLOUR)), ...(together === null ? [] : [hatching()])],
          borderColor: [...bars.map(() => "transparent"), ...(together === null ? [] : [HATCH_LINE])],
          borderWidth: 1,
          borderRadius: 3,
          maxBarThickness: 28,
        },
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { beginAtZero: true, ticks: { precision: 0, font: { family: FONT } } },
        y: categoryAxis,
      },
      plugins: {
        legend: { display: false },
        hiddenMarkers: { text: content.additive ? i18n.t("networkView.hiddenShort") : i18n.t("networkView.belowK", { k }) },
        tooltip: {
          callbacks: {
            label: (item) => {
              if (item.dataIndex >= bars.length) return i18n.t("networkView.hiddenTogetherValue", { count: together ?? 0 });
              const count = bars[item.dataIndex]?.count ?? null;
              return count === null ? hiddenText(content.additive, k, i18n) : share(count);
            },
          },
        },
      },
    },
  };
}

function stackConfig(stack: Stack, i18n: I18n): BarConfig {
  const colours = stack.direction === "ranks" ? rankColours(stack.columns.length) : divergingColours(stack.columns.length, stack.direction);
  const together = stack.rows.map((row) => hiddenTogether(row.counts, row.n));
  const anyHidden = together.some((value) => value !== null);
  return {
    type: "bar",
    data: {
      labels: stack.rows.map((row) => row.label),
      datasets: [
        ...stack.columns.map((column, index) => ({
          label: column,
          data: stack.rows.map((row) => row.counts[index] ?? null),
          backgroundColor: colours[index] ?? BAR_COLOUR,
          borderColor: "#ffffff",
          borderWidth: 1,
        })),
        ...(anyHidden
          ? [{ label: i18n.t("networkView.hiddenTogether"), data: together, backgroundColor: hatching(), borderColor: HATCH_LINE, borderWidth: 1 }]
          : []),
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { family: FONT } } },
        y: { stacked: true, ...categoryAxis },
      },
      plugins: {
        legend: { position: "bottom", labels: { font: { family: FONT }, color: "#1f2933" } },
        hiddenMarkers: false,
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${item.parsed.x ?? ""}`,
          },
        },
      },
    },
  };
}

/**
 * A short spoken summary for the canvas's aria-label: every figure, hidden ones named as such,
 * the hidden ones together where they are drawn, and the total they add up to.
 */
export function chartSummary(content: ChartContent, k: number, i18n: I18n): string {
  if ("stack" in content) {
    return content.stack.rows
      .map((row) => {
        const label = row.label.replace(/[.:]\s*$/, "");
        if (row.n === null) return i18n.t("networkView.rowHidden", { label, k });
        const together = hiddenTogether(row.counts, row.n);
        const cells = row.counts.map((count, index) => `${content.stack.columns[index]} ${count ?? i18n.t("networkView.hiddenShort")}`);
        if (together !== null) cells.push(i18n.t("networkView.hiddenTogetherValue", { count: together }));
        return `${label}: ${cells.join(", ")}, ${i18n.t("networkView.total")} ${row.n}`;
      })
      .join("; ");
  }
  const { bars, together } = drawnBars(content);
  const parts = bars.map(
    (bar) =>
      `${bar.label}: ${bar.count === null ? (content.additive ? i18n.t("networkView.hiddenShort") : i18n.t("networkView.belowK", { k })) : content.n ? `${bar.count} (${formatPercent(bar.count, content.n, i18n.lang)})` : bar.count}`,
  );
  if (together !== null) parts.push(i18n.t("networkView.hiddenTogetherValue", { count: together }));
  if (content.additive && content.n !== null) parts.push(`${i18n.t("networkView.total")} ${content.n}`);
  return parts.join("; ");
}

/** Whether the page is phone-narrow (labels wrap shorter there, so rows need more height). */
function useNarrow(): boolean {
  const query = "(max-width: 600px)";
  const [narrow, setNarrow] = useState(() => typeof window !== "undefined" && window.matchMedia(query).matches);
  useEffect(() => {
    const list = window.matchMedia(query);
    const update = () => setNarrow(list.matches);
    list.addEventListener("change", update);
    return () => list.removeEventListener("change", update);
  }, []);
  return narrow;
}

/**
 * A horizontal bar chart (stacked for matrix rows) drawn by Chart.js on a canvas that is an image
 * with a full text alternative. Withheld counts never vanish silently: where they add up to a
 * shown total, they are drawn together as one hatched bar or segment, so the bars add up to n;
 * otherwise each withheld bar is marked with "< k" (see hidden-share.ts).
 */
export function SharedChart({ title, k, content }: { title: string; k: number; content: ChartContent }) {
  const i18n = useI18n();
  const narrow = useNarrow();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<"bar", (number | null)[], string> | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    const config = "stack" in content ? stackConfig(content.stack, i18n) : barConfig(content, k, i18n);
    if (chart.current) {
      chart.current.data = config.data;
      chart.current.options = config.options ?? {};
      chart.current.update("none");
    } else {
      chart.current = new Chart(canvas.current, config);
    }
    // i18n only changes meaning with the language.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [content, k, i18n.lang]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  const labels =
    "stack" in content
      ? content.stack.rows.map((row) => row.label)
      : [...content.bars.map((bar) => bar.label), ...(drawnBars(content).together === null ? [] : [i18n.t("networkView.hiddenTogether")])];
  const rowHeight = "stack" in content ? 40 : 34;
  const width = narrow ? labelWidth(0) : labelWidth(Infinity);
  const height = Math.max(120, labels.reduce((sum, label) => sum + Math.max(rowHeight, wrap(label, width).length * 16 + 12), 0) + ("stack" in content ? 110 : 40));
  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={i18n.t("networkView.chartLabel", { title, summary: chartSummary(content, k, i18n) })} />
    </div>
  );
}

