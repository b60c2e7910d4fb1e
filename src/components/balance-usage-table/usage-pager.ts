// Random access over the BillingClient's cursor pagination: the virtual list asks for rows by index; pages are fetched, walked to and evicted here.
import type { BillingClient } from '../../client/billing-client.js';
import { BillingError, fieldErrorsOf, isAbortError } from '../../client/errors.js';
import type { UsageEntry, UsageFilters, UsagePage, UsageSort } from '../../client/schemas.js';
import { UsagePagingError } from './usage-paging-error.js';

export interface UsagePagerOptions {
  filters: UsageFilters;
  sort: UsageSort;
  /** Rows per page kept in memory. Default 100. */
  pageSize?: number;
  /** Pages kept in memory at once; the rest are dropped (their cursors stay). Default 8. */
  maxCachedPages?: number;
  /** Rows per request while walking past pages nobody looks at, to learn later cursors. Default 500 (the contract's maximum). */
  walkSize?: number;
  /**
   * Reach pages near the end by reading the opposite sort from its start, instead of walking every
   * page before them. Needs each descending sort to be the exact reverse of its ascending one (the
   * contract's tie-break by id gives that). Default true.
   */
  mirrorSorts?: boolean;
  /**
   * The answer to this pager's first request (page 0, no cursor, `pageSize` rows) when someone already asked for it:
   * used instead of asking again. Its failure is this pager's, except an abort of its own request, which asks again.
   */
  firstPage?: Promise<UsagePage>;
  /** That answer when it has arrived already: taken at once, so the rows it holds are there before any ensure(). */
  firstAnswer?: UsagePage;
}

/** Backends that answered a page by offset without echoing it: they ignore the parameter, so their pagers walk. */
const IGNORES_OFFSET = new WeakSet<BillingClient>();

/**
 * A refusal that names its fields and not `offset` (the filters, say): the query's fault, which a walk would meet
 * too, not a backend that does not take offsets. A refusal naming no field cannot tell, and counts as the offset's.
 */
function refusesOtherFields(error: BillingError): boolean {
  const fields = fieldErrorsOf(error);
  return fields !== undefined && Object.keys(fields).length > 0 && !('offset' in fields);
}

/** Walk steps from the nearest known cursor (or the end) past which a page is asked for by offset instead. */
const OFFSET_AFTER_STEPS = 2;

const OPPOSITE_SORT: Record<UsageSort, UsageSort> = {
  date_desc: 'date_asc',
  date_asc: 'date_desc',
  price_desc: 'price_asc',
  price_asc: 'price_desc',
};

/**
 * Cursors are opaque and only lead forward, so reaching page k means knowing the cursor that
 * starts it. The pager remembers one cursor per page (a few bytes each, for every page ever
 * reached) and only a handful of pages of entries, so memory stays flat at 100,000 rows.
 * A page further than a couple of walk steps from every known cursor (and from the end) is asked
 * for by `offset`, one request at any depth; a backend that does not echo the offset is walked.
 *
 * A backend may lie. A totalCount above (or below) what the pages hold gives way to the pages once the last one is
 * seen (`totalCount` then counts what exists, `countedTotal` keeps the claim). A nextCursor already seen at another
 * place, or an answer that says more follow but does not end on a page edge (fewer rows than a page, or than asked
 * when that is not whole pages), rejects with a UsagePagingError instead of reading the same rows again or putting
 * rows where they do not belong.
 */
export class UsagePager {
  readonly filters: UsageFilters;
  readonly sort: UsageSort;
  readonly pageSize: number;
  private readonly maxCachedPages: number;
  private readonly walkSize: number;
  private readonly client: BillingClient;
  private readonly mirrorSorts: boolean;
  /** The same range in the opposite order: its first pages are this pager's last ones. */
  private mirror?: UsagePager;
  /** cursors[k] starts page k; undefined = not known yet; page 0 starts with no cursor. */
  private readonly cursors: Array<string | null | undefined> = [null];
  private readonly pages = new Map<number, UsageEntry[]>();
  private readonly inFlight = new Map<number, Promise<void>>();
  /** Which page each cursor starts: a nextCursor met again at another page means the backend is going round in circles. */
  private readonly cursorPages = new Map<string, number>();
  /** The latest response's totalCount: what the backend claims. */
  private total: number | undefined;
  /** Rows that exist for certain: the end of the furthest page read. */
  private knownRows = 0;
  /** The exact count, once a response said there is no next page. */
  private endCount: number | undefined;
  /** The index of the last page, once a response said there is no next page. */
  private lastPage: number | undefined;
  private answers = 0;
  private queue: Promise<unknown> = Promise.resolve();
  /** Pages of the latest ensure(): a fling asks for many windows; only the last one is worth fetching. */
  private wantedPages = { first: 0, last: 0 };
  /** The first page's answer already asked for, until the first request takes it (or asks for something else). */
  private firstPage: Promise<UsagePage> | undefined;

  constructor(client: BillingClient, options: UsagePagerOptions) {
    this.client = client;
    this.filters = options.filters;
    this.sort = options.sort;
    this.pageSize = options.pageSize ?? 100;
    this.maxCachedPages = Math.max(2, options.maxCachedPages ?? 8);
    this.mirrorSorts = options.mirrorSorts ?? true;
    this.firstPage = options.firstPage;
    // A multiple of the page size, so every walk lands on a page edge whose cursor we can keep.
    this.walkSize = Math.max(this.pageSize, Math.floor((options.walkSize ?? 500) / this.pageSize) * this.pageSize);
    if (options.firstAnswer && options.firstPage) {
      try {
        this.accept(0, this.pageSize, options.firstAnswer, new Set([0]));
        this.firstPage = undefined;
      } catch {
        // An answer the pager cannot take (an uneven page): the first ensure() takes it again and reports why.
      }
    }
  }

  /**
   * Count of all matching entries; undefined before the first response. The backend's totalCount until the last page
   * is seen (never fewer than the rows read so far), then the rows that really exist.
   */
  get totalCount(): number | undefined {
    if (this.endCount !== undefined) return this.endCount;
    return this.total === undefined ? undefined : Math.max(this.total, this.knownRows);
  }

  /** What the backend's totalCount claimed (the latest response's); undefined before the first response. */
  get countedTotal(): number | undefined {
    return this.total;
  }

  /** True once a response said there is no next page: `totalCount` is then the exact count. */
  get endKnown(): boolean {
    return this.endCount !== undefined;
  }

  /** Responses received so far, its mirror's included: only an answer can change what `entryAt` and `totalCount` say. */
  get answerCount(): number {
    return this.answers + (this.mirror?.answerCount ?? 0);
  }

  get cachedPageCount(): number {
    return this.pages.size;
  }

  entryAt(index: number): UsageEntry | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.[index % this.pageSize];
  }

  /** Loads every page covering rows [start, end); resolves once they are in memory. */
  async ensure(start: number, end: number, signal?: AbortSignal): Promise<void> {
    const first = Math.max(0, Math.floor(start / this.pageSize));
    const last = Math.max(first, Math.floor((Math.max(start + 1, end) - 1) / this.pageSize));
    this.wantedPages = { first, last };
    const wanted: number[] = [];
    for (let page = first; page <= last; page++) {
      if (this.lastPage !== undefined && page > this.lastPage) break;
      wanted.push(page);
    }
    // Pages in view must not be evicted by the pages they make us load.
    for (const page of wanted) {
      const entries = this.pages.get(page);
      if (entries) this.touch(page, entries);
    }
    await Promise.all(wanted.map((page) => this.loadPage(page, signal, new Set(wanted))));
  }

  private loadPage(page: number, signal: AbortSignal | undefined, keep: ReadonlySet<number>): Promise<void> {
    if (this.pages.has(page)) return Promise.resolve();
    let pending = this.inFlight.get(page);
    if (!pending) {
      // One request at a time: two pages past the known cursors would otherwise walk the same road twice.
      pending = this.queue.then(() => this.fetchPage(page, signal, keep)).finally(() => this.inFlight.delete(page));
      this.queue = pending.catch(() => undefined);
      this.inFlight.set(page, pending);
    }
    return pending;
  }

  private async fetchPage(page: number, signal: AbortSignal | undefined, keep: ReadonlySet<number>): Promise<void> {
    let known = page;
    while (this.cursors[known] === undefined) known -= 1;
    const keepWithPage = new Set(keep).add(page);
    while (!this.pages.has(page)) {
      signal?.throwIfAborted();
      // Scrolled past while queued: skip it (the walk's cursors are kept for the next window).
      if (page < this.wantedPages.first || page > this.wantedPages.last) return;
      if (this.lastPage !== undefined && page > this.lastPage) return;
      const total = this.totalCount;
      const far = OFFSET_AFTER_STEPS * this.walkSize;
      const fromEnd = total === undefined ? Infinity : total - page * this.pageSize;
      if (
        (page - known) * this.pageSize > far &&
        !(this.mirrorSorts && fromEnd > 0 && fromEnd <= far) &&
        !IGNORES_OFFSET.has(this.client) &&
        (await this.loadByOffset(page, signal, keepWithPage))
      ) {
        return;
      }
      if (total !== undefined && this.mirrorSorts) {
        // Closer to the end than to the nearest known cursor: read it from the end instead.
        const fromEnd = total - page * this.pageSize;
        if (fromEnd > 0 && fromEnd < (page - known) * this.pageSize && (await this.loadFromEnd(page, signal, keepWithPage))) return;
      }
      // Walk forward from the nearest known cursor in big steps; the last step ends with the page wanted.
      const step = Math.min(this.walkSize, (page + 1 - known) * this.pageSize);
      const response = await this.request(known, step, signal);
      const pagesInStep = this.accept(known, step, response, keepWithPage);
      if (response.nextCursor === null) return;
      known += pagesInStep;
    }
  }

  /** Takes a walk step's answer (rows from page `known` on, `step` asked for): its pages, cursor, count and end. Returns the pages it holds. */
  private accept(known: number, step: number, response: UsagePage, keep: ReadonlySet<number>): number {
    this.answers += 1;
    this.total = response.totalCount;
    let pagesInStep = step / this.pageSize;
    const next = response.nextCursor;
    const read = response.entries.length;
    // A backend that caps `limit` lower, at whole pages of ours, still ends each answer on a page edge: walk in its steps.
    if (next !== null && read < step && read > 0 && read % this.pageSize === 0) pagesInStep = read / this.pageSize;
    if (next === null) {
      this.lastPage = known + Math.max(0, Math.ceil(response.entries.length / this.pageSize) - 1);
      this.endCount = known * this.pageSize + read;
      // Pages past the end (filled from a mirror that believed a bigger total) hold rows that are not there.
      for (const cached of [...this.pages.keys()]) if (cached > this.lastPage) this.pages.delete(cached);
    } else {
      const seenAt = this.cursorPages.get(next);
      if (seenAt !== undefined && seenAt !== known + pagesInStep) throw new UsagePagingError('repeated_cursor');
      if (read !== pagesInStep * this.pageSize) throw new UsagePagingError('uneven_page');
      this.cursors[known + pagesInStep] = next;
      this.cursorPages.set(next, known + pagesInStep);
      this.knownRows = Math.max(this.knownRows, (known + pagesInStep) * this.pageSize);
    }
    this.storeTail(known, response.entries, keep);
    return pagesInStep;
  }

  /** The rows from page `known` on: the first page's answer when it was asked for already, else a request. */
  private async request(known: number, limit: number, signal: AbortSignal | undefined): Promise<UsagePage> {
    const asked = known === 0 && limit === this.pageSize ? this.firstPage : undefined;
    this.firstPage = undefined;
    if (asked) {
      try {
        return await asked;
      } catch (error) {
        if (!isAbortError(error) || signal?.aborted) throw error;
      }
    }
    return this.client.listUsage({ ...this.filters, sort: this.sort, cursor: this.cursors[known], limit }, { signal });
  }

  /**
   * Asks for page `page` by offset. Its nextCursor starts the page after, so reading on walks from there. False when
   * the backend did not echo the offset (it ignored it and answered the first page) or refused the query as invalid
   * (one that checks its parameters strictly and does not know this one): it is remembered, and the caller walks.
   */
  private async loadByOffset(page: number, signal: AbortSignal | undefined, keep: ReadonlySet<number>): Promise<boolean> {
    const offset = page * this.pageSize;
    let response: UsagePage;
    try {
      response = await this.client.listUsage({ ...this.filters, sort: this.sort, offset, limit: this.pageSize }, { signal });
    } catch (error) {
      if (!(error instanceof BillingError && error.code === 'validation') || refusesOtherFields(error)) throw error;
      IGNORES_OFFSET.add(this.client);
      return false;
    }
    if (response.offset !== offset) {
      IGNORES_OFFSET.add(this.client);
      return false;
    }
    this.answers += 1;
    this.total = response.totalCount;
    const read = response.entries.length;
    const next = response.nextCursor;
    if (next === null) {
      // Rows past an empty answer are not there, but where they end is only known from a page that holds some.
      if (read > 0) {
        this.lastPage = page;
        this.endCount = offset + Math.min(read, this.pageSize);
        for (const cached of [...this.pages.keys()]) if (cached > page) this.pages.delete(cached);
      }
    } else {
      if (read !== this.pageSize) throw new UsagePagingError('uneven_page');
      // A cursor met at another page: rows moved (entries recorded since) or the backend goes round; either way it
      // does not start page + 1 for certain, so it is not kept, and page + 1 is reached as if this answer had not come.
      const seenAt = this.cursorPages.get(next);
      if (seenAt === undefined || seenAt === page + 1) {
        this.cursors[page + 1] = next;
        this.cursorPages.set(next, page + 1);
      }
      this.knownRows = Math.max(this.knownRows, (page + 1) * this.pageSize);
    }
    this.store(page, response.entries.slice(0, this.pageSize), keep);
    return true;
  }

  /** Fills page `page` from the mirror pager; false when the two disagree (the data changed), so the caller walks. */
  private async loadFromEnd(page: number, signal: AbortSignal | undefined, keep: ReadonlySet<number>): Promise<boolean> {
    const total = this.totalCount ?? 0;
    this.mirror ??= new UsagePager(this.client, {
      filters: this.filters,
      sort: OPPOSITE_SORT[this.sort],
      pageSize: this.pageSize,
      maxCachedPages: 4,
      walkSize: this.walkSize,
      mirrorSorts: false,
    });
    const startIndex = page * this.pageSize;
    const endIndex = Math.min(total, startIndex + this.pageSize);
    await this.mirror.ensure(total - endIndex, total - startIndex, signal);
    if (this.mirror.totalCount !== total) return false;
    const entries: UsageEntry[] = [];
    for (let index = startIndex; index < endIndex; index++) {
      const entry = this.mirror.entryAt(total - 1 - index);
      if (!entry) return false;
      entries.push(entry);
    }
    this.store(page, entries, keep);
    return true;
  }

  /** Keeps the pages of a walk response that someone is looking at. */
  private storeTail(startPage: number, entries: readonly UsageEntry[], keep: ReadonlySet<number>): void {
    // At least one page, so an empty answer is remembered as an empty page instead of asked again.
    for (let offset = 0; offset < Math.max(1, entries.length); offset += this.pageSize) {
      const page = startPage + offset / this.pageSize;
      if (keep.has(page)) this.store(page, entries.slice(offset, offset + this.pageSize), keep);
    }
  }

  private store(page: number, entries: UsageEntry[], keep: ReadonlySet<number>): void {
    this.touch(page, entries);
    for (const cached of this.pages.keys()) {
      if (this.pages.size <= this.maxCachedPages) break;
      if (!keep.has(cached)) this.pages.delete(cached);
    }
  }

  /** Map order is insertion order: re-inserting makes a page the most recently used. */
  private touch(page: number, entries: UsageEntry[]): void {
    this.pages.delete(page);
    this.pages.set(page, entries);
  }
}
