import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { useEffect, useRef } from "react";
import { formatPercent } from "../lib/format.ts";
import { useI18n, type I18n } from "../lib/i18n.ts";

// Only the pieces a horizontal bar chart needs (the results page registers more, in results/chart-setup.ts).
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const BAR_COLOUR = "#0b6b58";
/** The network's own answer among everyone's: a warm colour, told apart by more than hue in the table. */
const OWN_COLOUR = "#b45309";
/** Sequential, colour-blind-friendly shades for stacked (Likert) bars, light to dark. */
const STACK_COLOURS = ["#c7e9e0", "#8fcfbf", "#4fae98", "#1f8a73", "#0b6b58", "#074a3d", "#a3a3a3", "#6b6b6b"];
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** One bar: a label and its count, null when withheld. */
export interface Bar {
  key: string;
  label: string;
  count: number | null;
  /** The network's own answer (own mode). */
  own?: boolean;
}

/** A stacked chart of matrix rows: per row, one count per column (null when withheld). */
export interface Stack {
  columns: string[];
  rows: { key: string; label: string; counts: (number | null)[] }[];
}

type BarConfig = ChartConfiguration<"bar", (number | null)[], string>;

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

const hiddenMark = (i18n: I18n) => i18n.t("networkView.hiddenShort");

function labelOf(bar: Bar, i18n: I18n): string {
  return bar.count === null ? `${bar.label} (${hiddenMark(i18n)})` : bar.label;
}

const axis = {
  ticks: { autoSkip: false, font: { family: FONT }, color: "#1f2933" },
};

function barConfig(bars: Bar[], n: number | null, k: number, i18n: I18n): BarConfig {
  return {
    type: "bar",
    data: {
      labels: bars.map((bar) => labelOf(bar, i18n)),
      datasets: [
        {
          label: i18n.t("networkView.count"),
          data: bars.map((bar) => bar.count),
          backgroundColor: bars.map((bar) => (bar.own ? OWN_COLOUR : BAR_COLOUR)),
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
        y: {
          ...axis,
          ticks: {
            ...axis.ticks,
            callback(value) {
              return wrap(this.getLabelForValue(Number(value)), 32);
            },
          },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => {
              const count = bars[item.dataIndex]?.count ?? null;
              if (count === null) return i18n.t("networkView.hiddenCell", { k });
              return n ? `${count} (${formatPercent(count, n, i18n.lang)})` : String(count);
            },
          },
        },
      },
    },
  };
}

function stackConfig(stack: Stack): BarConfig {
  return {
    type: "bar",
    data: {
      labels: stack.rows.map((row) => row.label),
      datasets: stack.columns.map((column, index) => ({
        label: column,
        data: stack.rows.map((row) => row.counts[index] ?? null),
        backgroundColor: STACK_COLOURS[index % STACK_COLOURS.length],
        borderColor: "#ffffff",
        borderWidth: 1,
      })),
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { family: FONT } } },
        y: {
          stacked: true,
          ...axis,
          ticks: {
            ...axis.ticks,
            callback(value) {
              return wrap(this.getLabelForValue(Number(value)), 32);
            },
          },
        },
      },
      plugins: { legend: { position: "bottom", labels: { font: { family: FONT }, color: "#1f2933" } } },
    },
  };
}

/** A short spoken summary for the canvas's aria-label: every figure, hidden ones named as such. */
function summaryOf(content: { bars: Bar[]; n: number | null } | { stack: Stack }, k: number, i18n: I18n): string {
  const hidden = i18n.t("networkView.hiddenCell", { k });
  if ("stack" in content) {
    return content.stack.rows
      .map((row) => `${row.label}: ${row.counts.map((count, index) => `${content.stack.columns[index]} ${count ?? hidden}`).join(", ")}`)
      .join("; ");
  }
  return content.bars
    .map((bar) => `${bar.label}: ${bar.count === null ? hidden : content.n ? `${bar.count} (${formatPercent(bar.count, content.n, i18n.lang)})` : bar.count}`)
    .join("; ");
}

/**
 * A horizontal bar chart (stacked for matrix rows) drawn by Chart.js on a canvas that is an image
 * with a full text alternative. Withheld counts have no bar and a "·" beside their label.
 */
export function SharedChart({ title, k, content }: { title: string; k: number; content: { bars: Bar[]; n: number | null } | { stack: Stack } }) {
  const i18n = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<"bar", (number | null)[], string> | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    const config = "stack" in content ? stackConfig(content.stack) : barConfig(content.bars, content.n, k, i18n);
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

  const labels = "stack" in content ? content.stack.rows.map((row) => row.label) : content.bars.map((bar) => labelOf(bar, i18n));
  const rowHeight = "stack" in content ? 40 : 34;
  const height = Math.max(120, labels.reduce((sum, label) => sum + Math.max(rowHeight, wrap(label, 32).length * 16 + 12), 0) + ("stack" in content ? 90 : 40));
  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={i18n.t("networkView.chartLabel", { title, summary: summaryOf(content, k, i18n) })} />
    </div>
  );
}
