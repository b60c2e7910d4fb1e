// Wall-clock readings and UTC offsets of an IANA zone at an instant, read through the cached formatters: the usage
// table's periods and getUsageSeries's buckets both work out where days and hours start from these.
import { zonedPartsFormat } from './intl-cache.js';

/** A wall-clock reading: the calendar day and the time of day. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** The wall-clock reading in `timeZone` at `instantMs`. */
export function zonedParts(instantMs: number, timeZone: string): WallClock {
  const values: Record<string, number> = {};
  for (const part of zonedPartsFormat(timeZone).formatToParts(new Date(instantMs))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values.year ?? 0,
    month: values.month ?? 1,
    day: values.day ?? 1,
    hour: (values.hour ?? 0) % 24,
    minute: values.minute ?? 0,
    second: values.second ?? 0,
  };
}

/** How far `timeZone` is ahead of UTC at `instantMs`, in milliseconds (e.g. −4 h for New York in summer). */
export function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const wall = zonedParts(instantMs, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return asUtc - Math.floor(instantMs / 1000) * 1000;
}
