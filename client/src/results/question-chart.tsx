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
import type { ChartedQuestionResult } from "../lib/api-types.ts";
import { formatPercent } from "../lib/format.ts";
import { useI18n, type I18n } from "../lib/i18n.ts";

// Only the pieces a horizontal bar chart needs, so the chunk stays small.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

const BAR_COLOUR = "#0b6b58";
/** Sequential, colour-blind-friendly shades for stacked (Likert) bars, light to dark. */
const STACK_COLOURS = ["#c7e9e0", "#8fcfbf", "#4fae98", "#1f8a73", "#0b6b58", "#074a3d", "#a3a3a3", "#6b6b6b"];
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

type BarConfig = ChartConfiguration<"bar", number[], string>;

function wrap(label: string, width = 40): string[] {
  const words = label.split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const word of words) {
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

type NonMatrixResult = Exclude<ChartedQuestionResult, { kind: "matrix" }>;

/**
 * The bars of a choice or number question: options with counts; numbers with many distinct
 * values are drawn as their histogram ("from – to").
 */
export function barsOf(question: NonMatrixResult): { value: string; label: { de: string; en: string }; count: number }[] {
  if (question.kind !== "numeric" || question.options.length > 0) return question.options;
  return question.histogram.map((bin) => {
    const text = question.scale === "year" && bin.to - bin.from === 1 ? String(bin.from) : `${bin.from} – ${bin.to}`;
    return { value: String(bin.from), label: { de: text, en: text }, count: bin.count };
  });
}

function configFor(question: ChartedQuestionResult, i18n: I18n): BarConfig {
  const { pick, lang } = i18n;
  const common = {
    indexAxis: "y" as const,
    responsive: true,
    maintainAspectRatio: false,
    animation: false as const,
    font: { family: FONT },
  };
  if (question.kind === "matrix") {
    const columns = question.rows[0]?.distribution ?? [];
    const rowTotals = question.rows.map((row) => row.distribution.reduce((sum, cell) => sum + cell.count, 0));
    return {
      type: "bar",
      data: {
        labels: question.rows.map((row) => pick(row.label)),
        datasets: columns.map((column, columnIndex) => ({
          label: pick(column.label),
          data: question.rows.map((row) => row.distribution[columnIndex]?.count ?? 0),
          backgroundColor: STACK_COLOURS[columnIndex % STACK_COLOURS.length],
          borderColor: "#ffffff",
          borderWidth: 1,
        })),
      },
      options: {
        ...common,
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0, font: { family: FONT } } },
          y: {
            stacked: true,
            ticks: {
              autoSkip: false,
              font: { family: FONT },
              color: "#1f2933",
              callback(value) {
                return wrap(this.getLabelForValue(Number(value)));
              },
            },
          },
        },
        plugins: {
          legend: { position: "bottom", labels: { font: { family: FONT }, color: "#1f2933" } },
          tooltip: {
            callbacks: {
              label: (item) =>
                `${item.dataset.label}: ${item.parsed.x} (${formatPercent(item.parsed.x ?? 0, rowTotals[item.dataIndex] ?? 0, lang)})`,
            },
          },
        },
      },
    };
  }
  const bars = barsOf(question);
  return {
    type: "bar",
    data: {
      labels: bars.map((option) => pick(option.label)),
      datasets: [
        {
          label: i18n.t("results.count"),
          data: bars.map((option) => option.count),
          backgroundColor: BAR_COLOUR,
          borderRadius: 3,
          maxBarThickness: 28,
        },
      ],
    },
    options: {
      ...common,
      scales: {
        x: { beginAtZero: true, ticks: { precision: 0, font: { family: FONT } } },
        y: {
          ticks: {
            autoSkip: false,
            font: { family: FONT },
            color: "#1f2933",
            callback(value) {
              return wrap(this.getLabelForValue(Number(value)));
            },
          },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          callbacks: {
            label: (item) => `${item.parsed.x} (${formatPercent(item.parsed.x ?? 0, question.n, lang)})`,
          },
        },
      },
    },
  };
}

/** A short spoken summary of the chart for its aria-label. */
function summaryOf(question: ChartedQuestionResult, i18n: I18n): string {
  const { pick, lang, t } = i18n;
  const n = t("results.answered", { n: question.n });
  if (question.kind === "matrix") {
    return `${n}. ${question.rows
      .map((row) => `${pick(row.label)}: ${row.distribution.map((cell) => `${pick(cell.label)} ${cell.count}`).join(", ")}`)
      .join("; ")}`;
  }
  return `${n}. ${barsOf(question)
    .map((option) => `${pick(option.label)}: ${option.count} (${formatPercent(option.count, question.n, lang)})`)
    .join("; ")}`;
}

/**
 * One question as a horizontal bar chart (stacked for matrices), drawn by Chart.js on a canvas
 * that is an image with a full text alternative. The chart is updated in place when new figures
 * arrive, so polling does not make it flicker.
 */
export function QuestionChart({ question }: { question: ChartedQuestionResult }) {
  const i18n = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<"bar", number[], string> | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    const config = configFor(question, i18n);
    if (chart.current) {
      chart.current.data = config.data;
      chart.current.options = config.options ?? {};
      chart.current.update("none");
    } else {
      chart.current = new Chart(canvas.current, config);
    }
    // i18n only changes meaning with the language; its functions are memoised on it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [question, i18n.lang]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  // Room for every bar and every wrapped label line (Chart.js would otherwise skip labels).
  const labels = question.kind === "matrix" ? question.rows.map((row) => row.label) : barsOf(question).map((option) => option.label);
  const rowHeights = labels.map((label) => Math.max(question.kind === "matrix" ? 40 : 34, wrap(i18n.pick(label)).length * 16 + 12));
  const height = Math.max(120, rowHeights.reduce((sum, rowHeight) => sum + rowHeight, 0) + (question.kind === "matrix" ? 90 : 40));
  const label = i18n.t("results.chartLabel", { title: i18n.pick(question.title), summary: summaryOf(question, i18n) });

  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
