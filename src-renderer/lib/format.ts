// Number and time formatting used across views, in one place so that a
// parameter count or an accuracy reads the same everywhere.

const integerFormat = new Intl.NumberFormat('en-US');
const compactFormat = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

export function formatInteger(value: number): string {
  return integerFormat.format(value);
}

/** 1.2M, 340K: for FLOPs and other large magnitudes where digits do not matter. */
export function formatCompact(value: number): string {
  return compactFormat.format(value);
}

/** 0.9734 → "97.34%"; null → "—". */
export function formatPercent(fraction: number | null | undefined, digits = 2): string {
  return fraction === null || fraction === undefined || !Number.isFinite(fraction) ? '—' : `${(fraction * 100).toFixed(digits)}%`;
}

export function formatLoss(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : value.toFixed(4);
}

/** ISO timestamp → "2025-03-14 09:26" in local time. */
export function formatTimestamp(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}
