import { FONT, TEXT_COLOUR, wrap } from "./chart-setup.ts";

/** What a downloaded chart says above the bars: the question, and n, date and filter. */
export interface PngHeader {
  title: string;
  lines: string[];
}

/**
 * The chart as a PNG for reports and slides: `chart.toBase64Image()` (drawn on white by the
 * background plugin) under a header with the question and the figures' context, so the picture
 * still makes sense once it is pasted somewhere else.
 */
export async function chartPng(chart: { width: number; toBase64Image(type?: string, quality?: unknown): string }, header: PngHeader): Promise<Blob> {
  const image = new Image();
  image.src = chart.toBase64Image("image/png", 1);
  await image.decode();
  const scale = image.width / Math.max(1, chart.width);
  const padding = 16 * scale;
  const titleSize = 16 * scale;
  const lineSize = 13 * scale;
  const titleLines = wrap(header.title, Math.max(30, Math.floor(chart.width / 9)));
  const headerHeight = padding + titleLines.length * titleSize * 1.3 + header.lines.length * lineSize * 1.4 + padding / 2;

  const canvas = document.createElement("canvas");
  canvas.width = Math.round(image.width + 2 * padding);
  canvas.height = Math.round(headerHeight + image.height + padding);
  const context = canvas.getContext("2d");
  if (!context) throw new Error("no 2d canvas context");
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = TEXT_COLOUR;
  context.textBaseline = "top";
  let y = padding;
  context.font = `600 ${titleSize}px ${FONT}`;
  for (const line of titleLines) {
    context.fillText(line, padding, y);
    y += titleSize * 1.3;
  }
  context.font = `${lineSize}px ${FONT}`;
  context.fillStyle = "#52606d";
  for (const line of header.lines) {
    context.fillText(line, padding, y);
    y += lineSize * 1.4;
  }
  context.drawImage(image, padding, headerHeight);
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG could not be made"))), "image/png"));
}
