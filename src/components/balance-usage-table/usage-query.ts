// The table's filter state (period, type, user, sort, level) and its translation into UsageFilters in the viewer's time zone.
import type { BillingClient } from '../../client/billing-client.js';
import type { UsageFilters, UsagePage, UsageSort } from '../../client/schemas.js';
import { USAGE_SORTS } from '../../client/contract-values.js';
import { dateTimeFormat, isKnownTimeZone } from '../../money/intl-cache.js';
import { zonedParts, zoneOffsetMs } from '../../money/zoned-time.js';

export const USAGE_PERIODS = ['this_month', 'last_month', 'last_30_days', 'custom'] as const;

/** Rows per page of the itemised list: the grid's pager reads pages of this size, and the table asks for the first itself. */
export const USAGE_PAGE_SIZE = 100;

/**
 * The itemised list's first page, asked for by the table beside the summary, so the first rows don't wait for the
 * grid's code and element: the grid's pager takes the answer for the same client, range and sort instead of asking.
 */
export interface FirstUsagePage {
  client: BillingClient;
  filters: UsageFilters;
  sort: UsageSort;
  page: Promise<UsagePage>;
  /** The answer, once it has arrived: a pager made after that takes its rows at once. */
  answer?: UsagePage;
}

/** Asks for the first page of the list; a failure is left to the pager that takes it (or to nobody, when none does). */
export function requestFirstUsagePage(client: BillingClient, filters: UsageFilters, sort: UsageSort, signal: AbortSignal): FirstUsagePage {
  const first: FirstUsagePage = { client, filters, sort, page: client.listUsage({ ...filters, sort, limit: USAGE_PAGE_SIZE }, { signal }) };
  first.page.then(
    (answer) => (first.answer = answer),
    () => undefined,
  );
  return first;
}

/** A pager's `firstPage` and `firstAnswer` when the first page was asked for with this client, range and sort; else none. */
export function firstPageFor(
  first: FirstUsagePage | undefined,
  client: BillingClient,
  filters: UsageFilters,
  sort: UsageSort,
): { firstPage?: Promise<UsagePage>; firstAnswer?: UsagePage } {
  if (!first || first.client !== client || first.filters !== filters || first.sort !== sort) return {};
  return { firstPage: first.page, firstAnswer: first.answer };
}
export type UsagePeriod = (typeof USAGE_PERIODS)[number];

/** What the person chose; plain strings, so a host can keep it in the URL. */
export interface UsageTableQuery {
  /** `summary`: one row per usage type. `details`: the itemised list. */
  view: 'summary' | 'details';
  period: UsagePeriod;
  /** First day of a custom range, `YYYY-MM-DD`, in the viewer's time zone (inclusive). */
  from?: string;
  /** Last day of a custom range, `YYYY-MM-DD` (inclusive: the whole day counts). */
  to?: string;
  type?: string;
  userId?: string;
  sort: UsageSort;
}

export const DEFAULT_USAGE_QUERY: UsageTableQuery = Object.freeze({
  view: 'summary',
  period: 'last_30_days',
  sort: 'date_desc',
});

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

export function parseDay(value: string | undefined): CalendarDay | undefined {
  const match = value ? DAY_PATTERN.exec(value) : null;
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return { year, month, day };
}

export function formatDay({ year, month, day }: CalendarDay): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Calendar arithmetic on dates alone (no clock time, so no DST involved). */
export function addDays(day: CalendarDay, days: number): CalendarDay {
  const probe = new Date(Date.UTC(day.year, day.month - 1, day.day + days));
  return { year: probe.getUTCFullYear(), month: probe.getUTCMonth() + 1, day: probe.getUTCDate() };
}

/** Fills in defaults and drops what cannot be read (a hand-edited URL, say), never throws. */
export function normaliseUsageQuery(input: Partial<UsageTableQuery> | undefined): UsageTableQuery {
  const query: UsageTableQuery = { ...DEFAULT_USAGE_QUERY };
  if (!input) return query;
  if (input.view === 'summary' || input.view === 'details') query.view = input.view;
  if (input.period && (USAGE_PERIODS as readonly string[]).includes(input.period)) query.period = input.period;
  if (input.sort && (USAGE_SORTS as readonly string[]).includes(input.sort)) query.sort = input.sort;
  if (typeof input.type === 'string' && input.type) query.type = input.type;
  if (typeof input.userId === 'string' && input.userId) query.userId = input.userId;
  if (query.period === 'custom') {
    const from = parseDay(input.from);
    const to = parseDay(input.to);
    if (from && to) {
      const [first, last] = formatDay(from) <= formatDay(to) ? [from, to] : [to, from];
      query.from = formatDay(first);
      query.to = formatDay(last);
    } else {
      query.period = DEFAULT_USAGE_QUERY.period;
    }
  }
  return query;
}

/**
 * The instant a calendar day starts in `timeZone`. The offset is read at the candidate instant
 * itself, so a day that starts in summer time after a winter-time night (and vice versa) is right;
 * where midnight does not exist (a zone that springs forward at 00:00) the day starts at the gap's end.
 */
export function startOfDay(day: CalendarDay, timeZone: string): number {
  const wallMidnight = Date.UTC(day.year, day.month - 1, day.day);
  let instant = wallMidnight - zoneOffsetMs(wallMidnight, timeZone);
  const corrected = wallMidnight - zoneOffsetMs(instant, timeZone);
  if (corrected !== instant) {
    const check = zonedParts(corrected, timeZone);
    instant = check.day === day.day && check.hour === 0 ? corrected : Math.max(instant, corrected);
  }
  return instant;
}

export function todayIn(nowMs: number, timeZone: string): CalendarDay {
  const { year, month, day } = zonedParts(nowMs, timeZone);
  return { year, month, day };
}

/** [from, to) instants of a period, from the viewer's calendar in `timeZone`. */
export function periodRange(query: UsageTableQuery, nowMs: number, timeZone: string): { fromMs: number; toMs: number } {
  const today = todayIn(nowMs, timeZone);
  const firstOfMonth = { ...today, day: 1 };
  switch (query.period) {
    case 'this_month': {
      const next = today.month === 12 ? { year: today.year + 1, month: 1, day: 1 } : { year: today.year, month: today.month + 1, day: 1 };
      return { fromMs: startOfDay(firstOfMonth, timeZone), toMs: startOfDay(next, timeZone) };
    }
    case 'last_month': {
      const previous =
        today.month === 1 ? { year: today.year - 1, month: 12, day: 1 } : { year: today.year, month: today.month - 1, day: 1 };
      return { fromMs: startOfDay(previous, timeZone), toMs: startOfDay(firstOfMonth, timeZone) };
    }
    case 'custom': {
      const from = parseDay(query.from);
      const to = parseDay(query.to);
      if (from && to) return { fromMs: startOfDay(from, timeZone), toMs: startOfDay(addDays(to, 1), timeZone) };
      break;
    }
    case 'last_30_days':
      break;
  }
  // Today and the 29 days before it, whole days, so the period does not move while the page is open.
  return { fromMs: startOfDay(addDays(today, -29), timeZone), toMs: startOfDay(addDays(today, 1), timeZone) };
}

/** ISO 8601 with the zone's offset at that instant, e.g. 2026-03-08T03:30:00-04:00. */
export function isoWithOffset(instantMs: number, timeZone: string): string {
  const wall = zonedParts(instantMs, timeZone);
  const offsetMinutes = Math.round(zoneOffsetMs(instantMs, timeZone) / 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const absolute = Math.abs(offsetMinutes);
  const pad = (value: number) => String(value).padStart(2, '0');
  return (
    `${formatDay(wall)}T${pad(wall.hour)}:${pad(wall.minute)}:${pad(wall.second)}` +
    `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`
  );
}

/** The filters the BillingClient understands, for exactly what the person chose. */
export function usageFilters(query: UsageTableQuery, nowMs: number, timeZone: string): UsageFilters {
  const { fromMs, toMs } = periodRange(query, nowMs, timeZone);
  const filters: UsageFilters = { from: new Date(fromMs).toISOString(), to: new Date(toMs).toISOString() };
  if (query.type) filters.type = query.type;
  if (query.userId) filters.userId = query.userId;
  return filters;
}

/** The viewer's IANA zone, or UTC when the runtime cannot say. */
export function viewerTimeZone(): string {
  try {
    return dateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export const isValidTimeZone = isKnownTimeZone;

/** Date and time for a row, with the zone named (e.g. "Mar 8, 2026, 3:30 AM EDT"). */
export function formatUsageTime(instantMs: number, locale: string, timeZone: string): string {
  const format = dateTimeFormat(locale, {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZoneName: 'short',
  });
  return format.format(new Date(instantMs));
}

export function sameQuery(a: UsageTableQuery, b: UsageTableQuery): boolean {
  return (
    a.view === b.view &&
    a.period === b.period &&
    a.from === b.from &&
    a.to === b.to &&
    a.type === b.type &&
    a.userId === b.userId &&
    a.sort === b.sort
  );
}
