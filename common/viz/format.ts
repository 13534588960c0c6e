// Formatting shared beyond src-renderer/lib/format.ts: durations (the UI and
// the CLI's progress line), signed differences between runs, and metrics
// without float noise.

/** A difference of two fractions in percentage points, always signed: "+1.20 pp". */
export function formatPointsDelta(delta: number, digits = 2): string {
  if (!Number.isFinite(delta)) return '—';
  const points = Number((delta * 100).toFixed(digits));
  if (points === 0) return `±${(0).toFixed(digits)} pp`;
  return `${points > 0 ? '+' : '−'}${Math.abs(points).toFixed(digits)} pp`;
}

/** A signed whole-number difference: "+3", "−2", "0". */
export function formatSignedCount(delta: number): string {
  return delta > 0 ? `+${delta}` : delta < 0 ? `−${-delta}` : '0';
}

/** Enough significant digits for a metric without float noise (0.30000000000000004 → "0.3"). */
export function formatMetric(value: number | null | undefined, digits = 4): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '—' : String(Number(value.toPrecision(digits)));
}

/** 75 000 ms → "1 min 15 s"; under a minute shows seconds with one decimal below 10 s. */
export function formatDuration(milliseconds: number | null | undefined): string {
  if (milliseconds === null || milliseconds === undefined || !Number.isFinite(milliseconds) || milliseconds < 0) return '—';
  const seconds = milliseconds / 1000;
  if (seconds < 10) return `${seconds.toFixed(1)} s`;
  if (seconds < 60) return `${Math.round(seconds)} s`;
  const totalSeconds = Math.round(seconds);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const rest = totalSeconds % 60;
  return hours > 0 ? `${hours} h ${minutes} min` : `${minutes} min ${rest} s`;
}

/** 1 536 → "1.5 kB", 614 400 000 → "614 MB" (decimal units, as file managers show). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : Number(value.toPrecision(3))} ${units[unit]}`;
}
