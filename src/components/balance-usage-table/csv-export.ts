// CSV export of a whole filtered usage range: every page through the client, RFC 4180, formula-safe, built from Blob
// parts; the file named for its range, and its download.
import type { BillingClient } from '../../client/billing-client.js';
import type { UsageEntry, UsageFilters, UsageSort } from '../../client/schemas.js';
import { toDecimalString } from '../../money/money.js';
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
  do {
    if (cursor) {
      if (cursorsUsed.has(cursor)) throw new UsagePagingError('repeated_cursor');
      cursorsUsed.add(cursor);
    }
    signal?.throwIfAborted();
    const page = await client.listUsage({ ...filters, sort: options.sort ?? 'date_asc', cursor, limit }, { signal });
    let chunk = '';
    for (const entry of page.entries) chunk += usageCsvRow(entry, timeZone);
    parts.push(new Blob([chunk]));
    done += page.entries.length;
    onProgress?.({ done, total: Math.max(page.totalCount, done) });
    cursor = page.nextCursor;
  } while (cursor);
  signal?.throwIfAborted();
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}

/** A file name for the range, e.g. usage-2026-03-01-to-2026-03-31.csv. */
export function usageCsvFileName(fromDay: string, toDay: string): string {
  return `usage-${fromDay}-to-${toDay}.csv`.replace(/[^\w.-]/g, '_');
}

/** What one export writes: the range, its order and its zone. */
export interface UsageExportRequest {
  client: BillingClient;
  query: UsageTableQuery;
  filters: UsageFilters;
  timeZone: string;
}

/** Writes every page of the request into a file named for its range; `onProgress` after each page. */
export async function writeUsageExport(
  { client, query, filters, timeZone }: UsageExportRequest,
  signal: AbortSignal,
  onProgress: (progress: UsageExportProgress) => void,
): Promise<{ file: Blob; fileName: string; done: number }> {
  let done = 0;
  const file = await exportUsageCsv(client, {
    filters,
    sort: query.view === 'details' ? query.sort : 'date_asc',
    timeZone,
    signal,
    onProgress: (progress) => {
      done = progress.done;
      onProgress(progress);
    },
  });
  const { fromMs, toMs } = periodRange(query, Date.now(), timeZone);
  return { file, fileName: usageCsvFileName(formatDay(todayIn(fromMs, timeZone)), formatDay(addDays(todayIn(toMs, timeZone), -1))), done };
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
