// getUsageSeries's buckets: where each calendar day (or clock hour) starts in an IANA zone, DST included. The mock and the
// contract kit read the buckets from here; the reference server computes the same starts in SQL (server/usage-series.ts).
import { zonedParts, zoneOffsetMs } from '../money/zoned-time.js';

export type SeriesBucket = 'day' | 'hour';

const HOUR_MS = 3_600_000;

/** The instant the local calendar day holding `instantMs` starts (its first instant, where midnight falls in a DST gap). */
export function dayStart(instantMs: number, timeZone: string): number {
  const wall = zonedParts(instantMs, timeZone);
  const midnight = Date.UTC(wall.year, wall.month - 1, wall.day);
  const first = midnight - zoneOffsetMs(instantMs, timeZone);
  const second = midnight - zoneOffsetMs(first, timeZone);
  const sameDay = (candidate: number) => {
    const seen = zonedParts(candidate, timeZone);
    return seen.year === wall.year && seen.month === wall.month && seen.day === wall.day;
  };
  const candidates = [first, second].filter(sameDay);
  return candidates.length > 0 ? Math.min(...candidates) : Math.max(first, second);
}

/** The instant the local clock hour holding `instantMs` starts: the instant less its local minutes, seconds and milliseconds. */
export function hourStart(instantMs: number, timeZone: string): number {
  const wall = zonedParts(instantMs, timeZone);
  return instantMs - (((wall.minute * 60 + wall.second) * 1000 + (((instantMs % 1000) + 1000) % 1000)) % HOUR_MS);
}

export function bucketStart(instantMs: number, timeZone: string, bucket: SeriesBucket): number {
  return bucket === 'day' ? dayStart(instantMs, timeZone) : hourStart(instantMs, timeZone);
}

/** The start of the bucket after the one starting at `startMs` (a day is 23 to 25 hours; 26 hours on is always the next one). */
export function nextBucketStart(startMs: number, timeZone: string, bucket: SeriesBucket): number {
  return bucket === 'day' ? dayStart(startMs + 26 * HOUR_MS, timeZone) : startMs + HOUR_MS;
}

/**
 * Every bucket start from the bucket holding `fromMs` to the one holding the last instant before `toMs`, oldest first:
 * the buckets cover [fromMs, toMs) with no gap and no overlap. Hour buckets assume offsets change by whole hours
 * (true of every zone but Lord Howe's half-hour DST).
 */
export function seriesBucketStarts(fromMs: number, toMs: number, timeZone: string, bucket: SeriesBucket): number[] {
  const starts: number[] = [];
  for (let start = bucketStart(fromMs, timeZone, bucket); start < toMs; start = nextBucketStart(start, timeZone, bucket)) {
    starts.push(start);
  }
  return starts;
}

/** The index of the bucket holding `instantMs` in ascending `starts`, or -1 before the first. */
export function bucketIndex(starts: readonly number[], instantMs: number): number {
  let low = 0;
  let high = starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((starts[middle] ?? Infinity) <= instantMs) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
