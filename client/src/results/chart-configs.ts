import type { ChartConfiguration } from "chart.js";
import { formatPercent } from "../lib/format.ts";
import type { Language } from "../lib/i18n.ts";
import { divergingColours, rankColours, type ScaleDirection } from "../lib/likert-colours.ts";
import { BAR_COLOUR, FONT, GROUP_COLOURS, TEXT_COLOUR, wrap } from "./chart-setup.ts";
import { divergingSeries, formatNumber, percentOf } from "./result-figures.ts";

/**
 * The Chart.js configurations of the results page: bars (choices, shares of respondents), a
 * histogram (numbers), diverging stacked bars (rating matrices) and grouped bars (a question per
 * group). Each returns the config and the height the canvas needs for every label to fit.
 */

export type BarConfig = ChartConfiguration<"bar", number[], string>;
export interface SizedConfig {
  config: BarConfig;
  height: number;
}

export interface Bar {
  key: string;
  label: string;
  count: number;
}

const ticks = { font: { family: FONT }, color: TEXT_COLOUR };
const base = { responsive: true, maintainAspectRatio: false, animation: false as const };

function categoryAxis(width: number) {
  return {
    ticks: {
      ...ticks,
      autoSkip: false,
      callback(this: { getLabelForValue(value: number): string }, value: string | number) {
        return wrap(this.getLabelForValue(Number(value)), width);
      },
    },
  };
}

const countAndShare = (count: number, whole: number, lang: Language) => `${count} (${formatPercent(count, whole, lang)})`;

function heightOf(labels: string[], perRow: number, extra: number, width = 40): number {
  return Math.max(140, labels.reduce((sum, label) => sum + Math.max(perRow, wrap(label, width).length * 16 + 12), 0) + extra);
}

/** Horizontal bars, each with its count and share of `whole` (respondents) written beside it. */
export function barsConfig(bars: Bar[], whole: number, lang: Language, countLabel: string): SizedConfig {
  const labels = bars.map((bar) => bar.label);
  return {
    height: heightOf(labels, 34, 40),
    config: {
      type: "bar",
      data: { labels, datasets: [{ label: countLabel, data: bars.map((bar) => bar.count), backgroundColor: BAR_COLOUR, borderRadius: 3, maxBarThickness: 28 }] },
      options: {
        ...base,
        indexAxis: "y",
        layout: { padding: { right: 72 } },
        scales: { x: { beginAtZero: true, ticks: { ...ticks, precision: 0 } }, y: categoryAxis(40) },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => countAndShare(item.parsed.x ?? 0, whole, lang) } },
          valueLabels: { format: (value) => countAndShare(value, whole, lang) },
        },
      },
    },
  };
}

/** Upright bars of a histogram's bins, counts above them. */
export function histogramConfig(bins: Bar[], whole: number, lang: Language, countLabel: string): SizedConfig {
  return {
    height: 260,
    config: {
      type: "bar",
      data: {
        labels: bins.map((bin) => bin.label),
        datasets: [{ label: countLabel, data: bins.map((bin) => bin.count), backgroundColor: BAR_COLOUR, categoryPercentage: 0.95, barPercentage: 1 }],
      },
      options: {
        ...base,
        indexAxis: "x",
        layout: { padding: { top: 8 } },
        // Headroom above the highest bar for its count.
        scales: { x: { ticks: { ...ticks, autoSkip: true, maxRotation: 45 } }, y: { beginAtZero: true, grace: "12%", ticks: { ...ticks, precision: 0 } } },
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: (item) => countAndShare(item.parsed.y ?? 0, whole, lang) } },
          valueLabels: { format: (value) => (value > 0 ? String(value) : null) },
        },
      },
    },
  };
}

export interface DivergingRow {
  label: string;
  counts: number[];
}

/**
 * Rating rows (Likert) as diverging stacked bars of each row's answers in percent: the first
 * half of the scale left of zero, the second half right, the middle split across zero; coloured
 * from a grey middle, negative answers orange and positive ones blue (lib/likert-colours.ts).
 */
export function divergingConfig(rows: DivergingRow[], columns: string[], lang: Language, direction: ScaleDirection = "negative-first"): SizedConfig {
  const colours = divergingColours(columns.length, direction);
  const series = divergingSeries(
    columns.length,
    rows.map((row) => row.counts),
  );
  const percent = (value: number) => (lang === "de" ? `${Math.round(Math.abs(value))} %` : `${Math.round(Math.abs(value))}%`);
  const labels = rows.map((row) => row.label);
  return {
    height: heightOf(labels, 40, 110, 32),
    config: {
      type: "bar",
      data: {
        labels,
        datasets: series.map((part) => ({
          label: columns[part.column] ?? "",
          data: part.values,
          backgroundColor: colours[part.column],
          borderColor: "#ffffff",
          borderWidth: 1,
        })),
      },
      options: {
        ...base,
        indexAxis: "y",
        scales: {
          x: { stacked: true, min: -100, max: 100, ticks: { ...ticks, stepSize: 25, callback: (value) => percent(Number(value)) } },
          y: { stacked: true, ...categoryAxis(32) },
        },
        plugins: {
          legend: {
            position: "bottom",
            // The scale's order, the split middle once.
            labels: {
              font: { family: FONT },
              color: TEXT_COLOUR,
              filter: (item, data) => {
                const index = item.datasetIndex ?? 0;
                const first = data.datasets.findIndex((dataset) => dataset.label === data.datasets[index]?.label);
                return first === index;
              },
              sort: (a, b) => (series[a.datasetIndex ?? 0]?.column ?? 0) - (series[b.datasetIndex ?? 0]?.column ?? 0),
            },
          },
          tooltip: {
            callbacks: {
              label: (item) => {
                const part = series[item.datasetIndex];
                const row = rows[item.dataIndex];
                if (!part || !row) return "";
                const count = row.counts[part.column] ?? 0;
                const total = row.counts.reduce((sum, value) => sum + value, 0);
                return `${columns[part.column]}: ${countAndShare(count, total, lang)}`;
              },
            },
          },
          valueLabels: {
            inside: true,
            format: (value, index, datasetIndex) => {
              const part = series[datasetIndex];
              const row = rows[index];
              if (!part || !row || Math.abs(value) < 1) return null;
              // The split middle column is written once, on its right half.
              if (part.column === (columns.length - 1) / 2) return part.side === "right" ? percent(value * 2) : null;
              return percent(value);
            },
          },
        },
      },
    },
  };
}

/**
 * A ranking: per option a bar of 100 % split into the places it took, the top place darkest
 * (lib/likert-colours.ts), each segment labelled with its share; rows in the order given (the
 * caller sorts them by mean rank).
 */
export function rankingConfig(rows: DivergingRow[], places: string[], lang: Language): SizedConfig {
  const colours = rankColours(places.length);
  const totals = rows.map((row) => row.counts.reduce((sum, count) => sum + count, 0));
  const percent = (value: number) => (lang === "de" ? `${Math.round(value)} %` : `${Math.round(value)}%`);
  const labels = rows.map((row) => row.label);
  return {
    height: heightOf(labels, 40, 110, 32),
    config: {
      type: "bar",
      data: {
        labels,
        datasets: places.map((place, index) => ({
          label: place,
          data: rows.map((row, rowIndex) => percentOf(row.counts[index] ?? 0, totals[rowIndex] ?? 0)),
          backgroundColor: colours[index],
          borderColor: "#ffffff",
          borderWidth: 1,
        })),
      },
      options: {
        ...base,
        indexAxis: "y",
        scales: {
          x: { stacked: true, min: 0, max: 100, ticks: { ...ticks, stepSize: 25, callback: (value) => percent(Number(value)) } },
          y: { stacked: true, ...categoryAxis(32) },
        },
        plugins: {
          legend: { position: "bottom", labels: { font: { family: FONT }, color: TEXT_COLOUR } },
          tooltip: {
            callbacks: {
              label: (item) => {
                const count = rows[item.dataIndex]?.counts[item.datasetIndex] ?? 0;
                return `${places[item.datasetIndex] ?? ""}: ${countAndShare(count, totals[item.dataIndex] ?? 0, lang)}`;
              },
            },
          },
          valueLabels: { inside: true, format: (value) => (value >= 1 ? percent(value) : null) },
        },
      },
    },
  };
}

export interface GroupSeries {
  label: string;
  n: number;
  counts: number[];
}

/** One question per group: horizontal bars per option, one colour per group, in percent of each group's n. */
export function groupedConfig(categories: string[], groups: GroupSeries[], lang: Language): SizedConfig {
  const percent = (value: number) => (lang === "de" ? `${formatNumber(value, lang, 0)} %` : `${formatNumber(value, lang, 0)}%`);
  return {
    height: heightOf(categories, Math.max(34, groups.length * 14 + 10), 80),
    config: {
      type: "bar",
      data: {
        labels: categories,
        datasets: groups.map((group, index) => ({
          label: `${group.label} (n = ${group.n})`,
          data: group.counts.map((count) => percentOf(count, group.n)),
          backgroundColor: GROUP_COLOURS[index % GROUP_COLOURS.length],
          maxBarThickness: 18,
        })),
      },
      options: {
        ...base,
        indexAxis: "y",
        layout: { padding: { right: 44 } },
        scales: { x: { beginAtZero: true, suggestedMax: 100, ticks: { ...ticks, callback: (value) => percent(Number(value)) } }, y: categoryAxis(40) },
        plugins: {
          legend: { position: "bottom", labels: { font: { family: FONT }, color: TEXT_COLOUR } },
          tooltip: {
            callbacks: {
              label: (item) => {
                const group = groups[item.datasetIndex];
                return group ? `${group.label}: ${countAndShare(group.counts[item.dataIndex] ?? 0, group.n, lang)}` : "";
              },
            },
          },
          valueLabels: { format: (value) => percent(value) },
        },
      },
    },
  };
}
