import { useEffect, useRef, useState } from "react";
import { formatDateTime } from "../lib/format.ts";
import { useI18n } from "../lib/i18n.ts";
import type { SizedConfig } from "./chart-configs.ts";
import { saveFile } from "../lib/save-file.ts";
import { chartPng } from "./chart-png.ts";
import { Chart } from "./chart-setup.ts";
import { chartFileName } from "./result-figures.ts";
import { useReport } from "./report-context.ts";

interface ResultChartProps {
  sized: SizedConfig;
  /** The full text alternative of the canvas (title and every figure). */
  label: string;
  /** The question's title, for the PNG's header and the button's accessible name. */
  title: string;
  /** What the figures are of ("n = 20"); printed under the title in the PNG. */
  subtitle: string;
  /** Names the file: question name and, per group, the group. */
  fileParts: string[];
}

/**
 * One Chart.js chart on a canvas that is an image with a full text alternative, and a "PNG
 * herunterladen" button. New figures update the chart in place (no flicker when polling); print
 * resizes it to the paper's width, since Chart.js only follows the screen's size on its own.
 */
export function ResultChart({ sized, label, title, subtitle, fileParts }: ResultChartProps) {
  const { t, lang } = useI18n();
  const report = useReport();
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<"bar", number[], string> | null>(null);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    if (!canvas.current) return;
    if (chart.current) {
      chart.current.data = sized.config.data;
      chart.current.options = sized.config.options ?? {};
      chart.current.update("none");
    } else {
      chart.current = new Chart(canvas.current, sized.config);
    }
  }, [sized]);

  useEffect(() => {
    const resize = () => chart.current?.resize();
    const print = window.matchMedia("print");
    print.addEventListener("change", resize);
    window.addEventListener("beforeprint", resize);
    window.addEventListener("afterprint", resize);
    return () => {
      print.removeEventListener("change", resize);
      window.removeEventListener("beforeprint", resize);
      window.removeEventListener("afterprint", resize);
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  async function download() {
    if (!chart.current) return;
    setFailed(false);
    const lines = [
      report.surveyTitle,
      [subtitle, report.takenAt ? t("resultsView.png.taken", { time: formatDateTime(report.takenAt.toISOString(), lang) }) : ""].filter(Boolean).join(" · "),
      report.filterText ? t("resultsView.png.filter", { filter: report.filterText }) : "",
    ].filter(Boolean);
    try {
      const blob = await chartPng(chart.current, { title, lines });
      saveFile(blob, chartFileName(report.surveyTitle, ...fileParts));
    } catch {
      setFailed(true);
    }
  }

  return (
    <div className="result-chart">
      <div className="chart" style={{ height: sized.height }}>
        <canvas ref={canvas} role="img" aria-label={label} />
      </div>
      <div className="chart-actions no-print">
        <button type="button" className="button-small" aria-label={t("resultsView.png.label", { title })} onClick={() => void download()}>
          {t("resultsView.png")}
        </button>
        {failed && (
          <span className="field-error" role="alert">
            {t("resultsView.png.failed")}
          </span>
        )}
      </div>
    </div>
  );
}
