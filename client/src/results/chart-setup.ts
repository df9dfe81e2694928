import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartType, type Plugin } from "chart.js";
import { textOn } from "../lib/likert-colours.ts";

/**
 * Chart.js as the results page uses it: only the bar pieces (the chunk stays small), a white
 * background (so a downloaded PNG is not transparent) and figures written at the bars (so the
 * picture shows counts and shares without a tooltip, on paper and in a PNG as on screen).
 */

declare module "chart.js" {
  interface PluginOptionsByType<TType extends ChartType> {
    /** Text drawn at each bar; null or "" draws nothing. `inside` centres it in the bar (stacked bars). */
    valueLabels?: { format: (value: number, index: number, datasetIndex: number) => string | null; inside?: boolean } | false;
  }
}

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const TEXT_COLOUR = "#1f2933";
export const BAR_COLOUR = "#0b6b58";
/** Okabe–Ito: told apart with the common colour-vision deficiencies; one per group. */
export const GROUP_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#6b6b6b", "#000000", "#f0e442"];
/** Words wrapped to lines of about `width` characters (Chart.js draws an array as lines). */
export function wrap(label: string, width = 40): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of label.split(/\s+/)) {
    if (line && `${line} ${word}`.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

const whiteBackground: Plugin = {
  id: "whiteBackground",
  beforeDraw(chart) {
    const { ctx } = chart;
    ctx.save();
    ctx.globalCompositeOperation = "destination-over";
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, chart.width, chart.height);
    ctx.restore();
  },
};

const valueLabels: Plugin<"bar"> & { descriptors: object } = {
  id: "valueLabels",
  // The formatter is a plain function, not a scriptable option to be resolved per bar.
  descriptors: { _scriptable: false, _indexable: false },
  afterDatasetsDraw(chart) {
    const options = chart.options.plugins?.valueLabels;
    const format = options ? options.format : undefined;
    if (!options || typeof format !== "function") return;
    const horizontal = chart.options.indexAxis === "y";
    const { ctx, chartArea } = chart;
    ctx.save();
    ctx.font = `12px ${FONT}`;
    chart.data.datasets.forEach((dataset, datasetIndex) => {
      const meta = chart.getDatasetMeta(datasetIndex);
      if (meta.hidden) return;
      meta.data.forEach((element, index) => {
        const value = Number(dataset.data[index] ?? 0);
        const text = format(value, index, datasetIndex);
        if (!text) return;
        const bar = element as unknown as { x: number; y: number; base: number; width: number; height: number };
        const width = ctx.measureText(text).width;
        if (options.inside) {
          const room = horizontal ? Math.abs(bar.x - bar.base) : Math.abs(bar.y - bar.base);
          if (room < width + 6) return;
          const colour = typeof dataset.backgroundColor === "string" ? dataset.backgroundColor : "#ffffff";
          ctx.fillStyle = textOn(colour);
          ctx.textAlign = "center";
          ctx.textBaseline = "middle";
          if (horizontal) ctx.fillText(text, (bar.x + bar.base) / 2, bar.y);
          else ctx.fillText(text, bar.x, (bar.y + bar.base) / 2);
          return;
        }
        ctx.fillStyle = TEXT_COLOUR;
        if (horizontal) {
          ctx.textAlign = "left";
          ctx.textBaseline = "middle";
          ctx.fillText(text, Math.min(bar.x + 4, chartArea.right + 60 - width), bar.y);
        } else {
          ctx.textAlign = "center";
          ctx.textBaseline = "bottom";
          ctx.fillText(text, bar.x, bar.y - 3);
        }
      });
    });
    ctx.restore();
  },
};

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend, whiteBackground, valueLabels);

export { Chart };
