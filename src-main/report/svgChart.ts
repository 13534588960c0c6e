// Line charts as inline SVG for the report: the same series the app's charts
// draw (common/viz/curves.ts), with axes, ticks and a legend, so the file
// needs no script to show them and prints sharply.

import type { LineSeries } from '../../common/viz/chartMath.js';
import { seriesExtent } from '../../common/viz/chartMath.js';
import { escapeHtml } from './html.js';

export interface ChartOptions {
  title: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Formats a y tick (e.g. as a percentage). */
  formatY?: (value: number) => string;
}

/** About five round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export function lineChartSvg(series: readonly LineSeries[], options: ChartOptions): string {
  const width = options.width ?? 520;
  const height = options.height ?? 260;
  const margin = { left: 66, right: 12, top: 28, bottom: 40 };
  const extent = seriesExtent(series);
  if (!extent) return `<p class="muted">${escapeHtml(options.title)}: no epochs recorded.</p>`;
  const [x0, x1] = extent.x[0] === extent.x[1] ? [extent.x[0] - 1, extent.x[1] + 1] : extent.x;
  const pad = (extent.y[1] - extent.y[0]) * 0.05 || Math.abs(extent.y[0]) * 0.05 || 1;
  const [y0, y1] = [extent.y[0] - pad, extent.y[1] + pad];
  const sx = (x: number) => margin.left + ((x - x0) / (x1 - x0)) * (width - margin.left - margin.right);
  const sy = (y: number) => height - margin.bottom - ((y - y0) / (y1 - y0)) * (height - margin.top - margin.bottom);
  const formatY = options.formatY ?? ((v: number) => String(Number(v.toPrecision(3))));
  const xTicks = niceTicks(x0, x1).filter((t) => Number.isInteger(t));
  const yTicks = niceTicks(y0, y1);
  const grid = yTicks
    .map((t) => `<line x1="${margin.left}" x2="${width - margin.right}" y1="${sy(t)}" y2="${sy(t)}" stroke="#e4e8ef"/><text x="${margin.left - 6}" y="${sy(t) + 4}" text-anchor="end">${escapeHtml(formatY(t))}</text>`)
    .join('');
  const xAxis = xTicks.map((t) => `<text x="${sx(t)}" y="${height - margin.bottom + 16}" text-anchor="middle">${t}</text>`).join('');
  const lines = series
    .map((s) => {
      const d = s.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join('');
      const dots = s.points.length === 1 ? `<circle cx="${sx(s.points[0].x)}" cy="${sy(s.points[0].y)}" r="3" fill="${s.color ?? '#2f6fb3'}"/>` : '';
      return `<path d="${d}" fill="none" stroke="${s.color ?? '#2f6fb3'}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/>${dots}`;
    })
    .join('');
  const legend = series
    .map((s, i) => {
      const x = margin.left + i * 150;
      return `<line x1="${x}" x2="${x + 22}" y1="14" y2="14" stroke="${s.color ?? '#2f6fb3'}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5 4"' : ''}/><text x="${x + 27}" y="18">${escapeHtml(s.name)}</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeHtml(options.title)}" font-size="11" font-family="system-ui, sans-serif" fill="#1d2330">
<title>${escapeHtml(options.title)}</title>${grid}
<line x1="${margin.left}" x2="${width - margin.right}" y1="${height - margin.bottom}" y2="${height - margin.bottom}" stroke="#8a93a3"/>${xAxis}
<text x="${(margin.left + width - margin.right) / 2}" y="${height - 6}" text-anchor="middle">epoch</text>
<text transform="translate(12 ${(margin.top + height - margin.bottom) / 2}) rotate(-90)" text-anchor="middle">${escapeHtml(options.yLabel)}</text>
${lines}${legend}</svg>`;
}
