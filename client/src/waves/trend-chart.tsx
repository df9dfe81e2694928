import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from "chart.js";
import { useEffect, useRef } from "react";
import { formatFigure } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";

// Only what grouped bars and lines need, so the chunk stays small.
Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Tooltip, Legend);

/** Okabe–Ito: distinguishable with the common colour-vision deficiencies, one colour per wave or option. */
export const SERIES_COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#6b6b6b", "#000000"];
/** Point shapes, so lines differ by more than colour. */
const POINT_STYLES = ["circle", "rect", "triangle", "rectRot", "crossRot", "star", "rectRounded", "cross"] as const;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export interface TrendDataset {
  label: string;
  /** null: no value (not asked, not comparable): a gap in the line, no bar. */
  data: (number | null)[];
}

export interface TrendChartProps {
  type: "bar" | "line";
  /** Categories on the axis: options (bars) or waves (lines). */
  labels: string[];
  datasets: TrendDataset[];
  /** Title of the value axis, e.g. "Anteil in %". */
  valueAxis: string;
  /** Values are percentages (axis up to 100, "%" in tooltips). */
  percent: boolean;
  /** Numbers: years are drawn on an axis of years (not from zero, no grouping: "2014"). */
  scale?: "number" | "year" | null;
  /** The chart's text alternative (the same figures are in the data table below it). */
  label: string;
}

function wrap(label: string, width = 36): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of label.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

function configFor(props: TrendChartProps, lang: "de" | "en"): ChartConfiguration<"bar" | "line", (number | null)[], string> {
  const years = props.scale === "year";
  const format = (value: number) => formatFigure(value, props.scale, lang, 1);
  const show = (value: number | null) => (value === null ? "–" : props.percent ? `${format(value)}${lang === "de" ? " %" : "%"}` : format(value));
  const horizontal = props.type === "bar";
  const valueScale = {
    beginAtZero: !years,
    ...(props.percent ? { max: 100 } : {}),
    title: { display: true, text: props.valueAxis, font: { family: FONT } },
    ticks: { font: { family: FONT }, ...(years ? { precision: 0, callback: (value: string | number) => formatFigure(Number(value), "year", lang) } : {}) },
  };
  const categoryScale = {
    ticks: {
      autoSkip: false,
      font: { family: FONT },
      color: "#1f2933",
      callback(this: { getLabelForValue(value: number): string }, value: string | number) {
        return wrap(this.getLabelForValue(Number(value)));
      },
    },
  };
  return {
    type: props.type,
    data: {
      labels: props.labels,
      datasets: props.datasets.map((dataset, index) => ({
        label: dataset.label,
        data: dataset.data,
        backgroundColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
        borderColor: SERIES_COLOURS[index % SERIES_COLOURS.length],
        borderWidth: props.type === "line" ? 2 : 0,
        pointStyle: POINT_STYLES[index % POINT_STYLES.length],
        pointRadius: 5,
        spanGaps: false,
        maxBarThickness: 22,
      })),
    },
    options: {
      indexAxis: horizontal ? "y" : "x",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: horizontal ? { x: valueScale, y: categoryScale } : { x: categoryScale, y: valueScale },
      plugins: {
        legend: { position: "bottom", labels: { font: { family: FONT }, color: "#1f2933", usePointStyle: props.type === "line" } },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label}: ${show((horizontal ? item.parsed.x : item.parsed.y) ?? null)}`,
          },
        },
      },
    },
  };
}

/**
 * A trend chart: grouped horizontal bars (options × waves) or lines over the waves, drawn by
 * Chart.js on a canvas that is an image with a full text alternative; updated in place when new
 * figures arrive.
 */
export function TrendChart(props: TrendChartProps) {
  const { lang } = useI18n();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<"bar" | "line", (number | null)[], string> | null>(null);

  useEffect(() => {
    if (!canvas.current) return;
    const config = configFor(props, lang);
    if (chart.current && (chart.current.config as { type?: string }).type === props.type) {
      chart.current.data = config.data;
      chart.current.options = config.options ?? {};
      chart.current.update("none");
    } else {
      chart.current?.destroy();
      chart.current = new Chart(canvas.current, config);
    }
  }, [props, lang]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  const height =
    props.type === "bar"
      ? Math.max(140, props.labels.reduce((sum, label) => sum + Math.max(24, wrap(label).length * 16) + props.datasets.length * 14, 0) + 70)
      : 280;
  return (
    <div className="chart" style={{ height }}>
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}
