import { describe, expect, test } from "vitest";
import { formatBytes, formatCount, formatDateTime, formatDuration, percent, shortHash, timeValue } from "./format";

const units = { h: "小时", m: "分", s: "秒" };

describe("format", () => {
  test("sizes step from B to KB, MB (2 decimals) and GB (3 decimals)", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(1023)).toBe("1,023 B");
    expect(formatBytes(1536)).toBe("1.50 KB");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5.00 MB");
    expect(formatBytes(1.5 * 1024 ** 3)).toBe("1.500 GB");
    expect(formatBytes(-1)).toBe("—");
    expect(formatBytes(Number.NaN)).toBe("—");
    expect(formatCount(1234567)).toBe("1,234,567");
  });

  test("times show in China Standard Time whatever the zone they were written in", () => {
    expect(formatDateTime("2026-11-25T06:03:00Z")).toBe("2026-11-25 14:03");
    expect(formatDateTime("2026-12-31T16:30:00Z")).toBe("2027-01-01 00:30");
    expect(formatDateTime("2026-11-25T14:03:00+08:00")).toBe("2026-11-25 14:03");
    expect(formatDateTime(null)).toBe("—");
    expect(formatDateTime("昨天")).toBe("昨天");
    expect(timeValue("1970-01-01T00:00:01Z")).toBe(1000);
    expect(timeValue("not a time")).toBe(0);
  });

  test("durations round up to whole seconds and drop what is too small to matter", () => {
    expect(formatDuration(11.2, units)).toBe("12 秒");
    expect(formatDuration(192, units)).toBe("3 分 12 秒");
    expect(formatDuration(3900, units)).toBe("1 小时 5 分");
    expect(formatDuration(-1, units)).toBe("—");
  });

  test("percent is floored to a tenth and never passes 100; digests are shortened in the middle", () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(5, 0)).toBe(0);
    expect(percent(7, 5)).toBe(100);
    expect(shortHash("a".repeat(8) + "b".repeat(48) + "c".repeat(8))).toBe("aaaaaaaa…cccccccc");
    expect(shortHash("abc")).toBe("abc");
  });
});
