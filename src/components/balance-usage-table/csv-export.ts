// CSV export of a whole filtered usage range: every page through the client, RFC 4180, formula-safe, built from Blob
// parts; the file named for its range, and its download.
import type { BillingClient } from '../../client/billing-client.js';
import type { UsageEntry, UsageFilters, UsageSort } from '../../client/schemas.js';
import { currencyDigits, toDecimalString } from '../../money/money.js';
import { UsagePagingError } from './usage-paging-error.js';
import { addDays, formatDay, isoWithOffset, periodRange, todayIn, type UsageTableQuery } from './usage-query.js';

export interface UsageExportProgress {
  /** Entries written so far. */
  done: number;
  /** Entries in the range, from the first page. */
  total: number;
}

export interface UsageCsvOptions {
  filters: UsageFilters;
  sort?: UsageSort;
  /** Times are written in this zone, with its offset. */
  timeZone: string;
  /** Aborting stops after the page in flight and rejects with the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (progress: UsageExportProgress) => void;
  /** Rows per request. Default 500 (the contract's maximum). */
  pageSize?: number;
  /** End the file with a totals row per currency (see usageCsvTotalsRows). */
  totals?: boolean;
}

export const USAGE_CSV_COLUMNS = [
  'entry_id',
  'occurred_at',
  'type',
  'type_label',
  'destination_country',
  'destination',
  'billed_seconds',
  'rate_per_minute',
  'price',
  'currency',
  'user_id',
  'user',
] as const;

// Spreadsheets run a cell that starts with one of these as a formula (tab and CR too, which they strip first).
const FORMULA_START = /^[=+\-@\t\r]/;

/** One field: formula starts neutralised with a leading apostrophe, then quoted per RFC 4180 when needed. */
export function csvField(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvRow(fields: readonly string[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function usageCsvRow(entry: UsageEntry, timeZone: string): string {
  const at = Date.parse(entry.occurredAt);
  return csvRow([
    entry.id,
    Number.isNaN(at) ? entry.occurredAt : isoWithOffset(at, timeZone),
    entry.type,
    entry.typeLabel,
    entry.destinationCountry,
    entry.destinationName,
    String(entry.billedSeconds),
    toDecimalString(entry.ratePerMinute),
    toDecimalString(entry.price),
    entry.price.currency,
    entry.user.id,
    entry.user.name,
  ]);
}

/** What the entries of one currency add up to, in exact integers (a sum of many safe integers need not be one). */
interface UsageCsvTotal {
  minorUnits: bigint;
  billedSeconds: bigint;
}

function decimalOf(minorUnits: bigint, currency: string): string {
  const digits = currencyDigits(currency);
  const sign = minorUnits < 0n ? '-' : '';
  const units = (minorUnits < 0n ? -minorUnits : minorUnits).toString();
  if (digits === 0) return sign + units;
  const padded = units.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/**
 * The totals rows: one per currency (a ledger in one currency has one), marked `total` in the type column, with the
 * billed seconds and the price summed exactly from minor units; the other columns empty.
 */
export function usageCsvTotalsRows(totals: ReadonlyMap<string, UsageCsvTotal>): string {
  let rows = '';
  for (const [currency, total] of [...totals].sort(([a], [b]) => (a < b ? -1 : 1))) {
    rows += csvRow([
      '',
      '',
      'total',
      '',
      '',
      '',
      total.billedSeconds.toString(),
      '',
      decimalOf(total.minorUnits, currency),
      currency,
      '',
      '',
    ]);
  }
  return rows;
}

/**
 * Fetches every page of the range and returns the file. Each page becomes a Blob part as soon as
 * it is written, so neither the entries nor one big string of the whole file stay in memory. A nextCursor already
 * used in this export rejects with a UsagePagingError: following it would fetch the same rows (and grow the file) for ever.
 */
export async function exportUsageCsv(client: BillingClient, options: UsageCsvOptions): Promise<Blob> {
  const { filters, timeZone, signal, onProgress } = options;
  const limit = options.pageSize ?? 500;
  // The byte-order mark makes spreadsheet apps read the file as UTF-8 (names such as "Tomás").
  const parts: BlobPart[] = [new Blob(['\ufeff', csvRow(USAGE_CSV_COLUMNS)])];
  let cursor: string | null | undefined;
  const cursorsUsed = new Set<string>();
  let done = 0;
  const totals = new Map<string, UsageCsvTotal>();
  do {
    if (cursor) {
      if (cursorsUsed.has(cursor)) throw new UsagePagingError('repeated_cursor');
      cursorsUsed.add(cursor);
    }
    signal?.throwIfAborted();
    const page = await client.listUsage({ ...filters, sort: options.sort ?? 'date_asc', cursor, limit }, { signal });
    let chunk = '';
    for (const entry of page.entries) {
      chunk += usageCsvRow(entry, timeZone);
      if (!options.totals) continue;
      const total = totals.get(entry.price.currency) ?? { minorUnits: 0n, billedSeconds: 0n };
      total.minorUnits += BigInt(entry.price.amount);
      total.billedSeconds += BigInt(entry.billedSeconds);
      totals.set(entry.price.currency, total);
    }
    parts.push(new Blob([chunk]));
    done += page.entries.length;
    onProgress?.({ done, total: Math.max(page.totalCount, done) });
    cursor = page.nextCursor;
  } while (cursor);
  signal?.throwIfAborted();
  if (options.totals) parts.push(new Blob([usageCsvTotalsRows(totals)]));
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

/** A filter's value as it may stand in a file name: letters, digits, `_` and `-` only, at most 40 of them. */
function fileNamePart(value: string): string {
  return value.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40);
}

/**
 * A file name for the range and the filters that narrow it, so two exports of one month do not overwrite each other:
 * usage-2026-03-01-to-2026-03-31.csv, usage-2026-03-01-to-2026-03-31-outbound_international_call-usr_dana.csv.
 */
export function usageCsvFileName(fromDay: string, toDay: string, filters: { type?: string; userId?: string } = {}): string {
  const narrowed = [filters.type, filters.userId].filter((value): value is string => !!value).map(fileNamePart);
  return [`usage-${fromDay}-to-${toDay}`.replace(/[^\w.-]/g, '_'), ...narrowed].join('-') + '.csv';
}

/** What one export writes: the range, its order and its zone, and whether a totals row ends it. */
export interface UsageExportRequest {
  client: BillingClient;
  query: UsageTableQuery;
  filters: UsageFilters;
  timeZone: string;
  totals?: boolean;
}

/** Writes every page of the request into a file named for its range; `onProgress` after each page. */
export async function writeUsageExport(
  { client, query, filters, timeZone, totals }: UsageExportRequest,
  signal: AbortSignal,
  onProgress: (progress: UsageExportProgress) => void,
): Promise<{ file: Blob; fileName: string; done: number }> {
  let done = 0;
  const file = await exportUsageCsv(client, {
    filters,
    sort: query.view === 'details' ? query.sort : 'date_asc',
    timeZone,
    signal,
    totals,
    onProgress: (progress) => {
      done = progress.done;
      onProgress(progress);
    },
  });
  const { fromMs, toMs } = periodRange(query, Date.now(), timeZone);
  const [fromDay, toDay] = [formatDay(todayIn(fromMs, timeZone)), formatDay(addDays(todayIn(toMs, timeZone), -1))];
  return { file, fileName: usageCsvFileName(fromDay, toDay, { type: query.type, userId: query.userId }), done };
}

/** Starts the browser's download of `file`, through a link in `root` (a shadow root keeps it off the page's DOM). */
export function downloadFile(root: Node, file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  root.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
