// Display formatting shared by all screens: sizes, dates, counts, durations, digests.

const KB = 1024;
const MB = KB * 1024;
const GB = MB * 1024;

/** 1,234 → "1,234"; thousands separators as used in Chinese offices. */
export function formatCount(n: number): string {
  return n.toLocaleString("zh-CN");
}

function fixed(n: number, digits: number): string {
  return n.toLocaleString("zh-CN", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Bytes as B / KB / MB (2 decimals) / GB (3 decimals, as on registration forms). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < KB) return `${formatCount(bytes)} B`;
  if (bytes < MB) return `${fixed(bytes / KB, 2)} KB`;
  if (bytes < GB) return `${fixed(bytes / MB, 2)} MB`;
  return `${fixed(bytes / GB, 3)} GB`;
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(Math.round(bytesPerSecond))}/s`;
}

const pad = (n: number) => String(n).padStart(2, "0");

/** China Standard Time is UTC+8 all year (no daylight saving). */
const CST_OFFSET_MS = 8 * 3600 * 1000;

/** RFC 3339 → "2026-11-25 14:03" in China Standard Time, whatever the PC's zone (the
 *  certificates and reports print CST too); null → "—". */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return "—";
  const t = new Date(value).getTime();
  if (Number.isNaN(t)) return value;
  const d = new Date(t + CST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/** Milliseconds since the epoch for sorting RFC 3339 strings; invalid → 0. */
export function timeValue(value: string | null | undefined): number {
  if (!value) return 0;
  const t = new Date(value).getTime();
  return Number.isNaN(t) ? 0 : t;
}

export type DurationUnits = { h: string; m: string; s: string };

/** Seconds → "1 小时 5 分" / "3 分 12 秒" / "12 秒" using the given unit words. */
export function formatDuration(seconds: number, units: DurationUnits): string {
  if (!Number.isFinite(seconds) || seconds < 0) return "—";
  const total = Math.ceil(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} ${units.h} ${m} ${units.m}`;
  if (m > 0) return `${m} ${units.m} ${s} ${units.s}`;
  return `${s} ${units.s}`;
}

/** Shortens a hex digest to its first and last 8 characters. */
export function shortHash(hash: string): string {
  return hash.length > 20 ? `${hash.slice(0, 8)}…${hash.slice(-8)}` : hash;
}

/** Percentage 0..100 with a guard against empty totals. */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.min(100, Math.floor((done / total) * 1000) / 10);
}
