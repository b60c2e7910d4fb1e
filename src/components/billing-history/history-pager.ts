// HistoryPager: the pages of <billing-history> (listTopUps, one cursor after another), each request aborted when the
// widget goes or a newer one starts, cut off after a timeout, and guarded against a backend that repeats itself.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { BillingClient } from '../../client/billing-client.js';
import { BillingError, isAbortError, toBillingError } from '../../client/errors.js';
import type { TopUpHistoryEntry, TopUpHistoryPage } from '../../client/schemas.js';
import { unreadableResponse } from '../../client/response-check.js';
import { timeoutMessage } from '../../i18n/messages/errors.js';

/** How long one page may take before the widget says so: a host client that never answers must not spin forever. */
export const historyTiming = { timeoutMs: 20_000 };

export type HistoryPhase = 'idle' | 'loading' | 'ready' | 'error' | 'unavailable';

export class HistoryPager implements ReactiveController {
  phase: HistoryPhase = 'idle';
  /** Newest first, each id once. */
  entries: TopUpHistoryEntry[] = [];
  /** The cursor "Show more" follows; null once every page is listed (or the backend repeated a page). */
  nextCursor: string | null = null;
  /** Why the first page failed (phase "error"). */
  error?: BillingError;
  /** Why the latest "Show more" failed; the top-ups already listed stay. */
  moreError?: BillingError;
  loadingMore = false;
  /** The backend sent a cursor it had sent before: following it would list the same top-ups again, forever. */
  repeated = false;

  private client?: BillingClient;
  private pageSize = 10;
  private readonly followed = new Set<string>();
  private request?: AbortController;
  private refreshing = false;
  /** A change came while the list was being read: what was read may predate it, so the first page is read again after. */
  private refreshWanted = false;
  /** Moves on with every reload: an answer to an older generation is dropped. */
  private generation = 0;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Called on every render with the widget's client and page size: a new client (or none) starts again. */
  use(client: BillingClient | undefined, pageSize: number): void {
    this.pageSize = pageSize;
    if (client === this.client) return;
    this.client = client;
    this.reload();
  }

  /** The first page, afresh (Try again, or a new client). */
  reload(): void {
    this.cancel();
    this.entries = [];
    this.nextCursor = null;
    this.followed.clear();
    this.repeated = false;
    this.error = undefined;
    this.moreError = undefined;
    this.loadingMore = false;
    this.refreshWanted = false;
    if (!this.client) {
      this.phase = 'idle';
      return;
    }
    if (typeof this.client.listTopUps !== 'function') {
      this.phase = 'unavailable';
      return;
    }
    this.phase = 'loading';
    void this.fetch(null).then(
      (page) => {
        if (!page) return;
        this.phase = 'ready';
        this.take(page, null);
        this.host.requestUpdate();
        this.refreshIfWanted();
      },
      (error: unknown) => {
        this.phase = 'error';
        this.error = toBillingError(error);
        this.host.requestUpdate();
      },
    );
  }

  /** "Show more": the page after the last one listed. */
  loadMore(): void {
    const cursor = this.nextCursor;
    if (this.phase !== 'ready' || this.loadingMore || cursor === null) return;
    this.loadingMore = true;
    this.moreError = undefined;
    this.host.requestUpdate();
    void this.fetch(cursor).then(
      (page) => {
        if (!page) return;
        this.loadingMore = false;
        this.take(page, cursor);
        this.host.requestUpdate();
        this.refreshIfWanted();
      },
      (error: unknown) => {
        this.loadingMore = false;
        this.moreError = toBillingError(error);
        this.host.requestUpdate();
        this.refreshIfWanted();
      },
    );
  }

  /**
   * A top-up or recharge just happened: the first page is read again and what is new goes on top, what changed
   * (a pending top-up that settled) is replaced, and the pages already listed stay. Asked while the list is being
   * read, it reads the first page again once that read is done: the answer may have been made before the change.
   */
  refresh(): void {
    if (!this.client?.listTopUps) return;
    if (this.phase === 'loading' || this.loadingMore || this.refreshing) {
      this.refreshWanted = true;
      return;
    }
    if (this.phase !== 'ready') return;
    this.refreshWanted = false;
    this.refreshing = true;
    void this.fetch(null)
      .then(
        (page) => {
          if (!page) return;
          const fresh = new Map(page.topUps.map((entry) => [entry.id, entry]));
          const listed = new Set(this.entries.map((entry) => entry.id));
          const newcomers = page.topUps.filter((entry) => !listed.has(entry.id));
          this.entries = [...newcomers, ...this.entries.map((entry) => fresh.get(entry.id) ?? entry)];
          // The first page already listed more than it had, or nothing was listed past it: its cursor is the next one.
          if (this.followed.size === 0) this.nextCursor = this.checkedCursor(page.nextCursor);
          this.host.requestUpdate();
        },
        // A refresh that fails leaves the list as it was; the next change tries again.
        () => undefined,
      )
      .finally(() => {
        this.refreshing = false;
        this.refreshIfWanted();
      });
  }

  private refreshIfWanted(): void {
    if (this.refreshWanted) this.refresh();
  }

  hostDisconnected(): void {
    this.cancel();
    // Connected again (moved in the page): start from the top rather than wait forever on the aborted request.
    this.client = undefined;
  }

  private take(page: TopUpHistoryPage, cursor: string | null): void {
    if (cursor !== null) this.followed.add(cursor);
    const listed = new Set(this.entries.map((entry) => entry.id));
    // A backend that lists a top-up twice (or a page overlapping the last) shows it once.
    this.entries = [...this.entries, ...page.topUps.filter((entry) => !listed.has(entry.id) && listed.add(entry.id))];
    this.nextCursor = this.checkedCursor(page.nextCursor);
  }

  private checkedCursor(next: string | null): string | null {
    if (next !== null && this.followed.has(next)) {
      this.repeated = true;
      return null;
    }
    return next;
  }

  private cancel(): void {
    this.generation += 1;
    this.request?.abort();
    this.request = undefined;
    this.refreshing = false;
  }

  /** One page, or undefined when it was superseded; rejects with a BillingError (a timeout is a retryable network one). */
  private async fetch(cursor: string | null): Promise<TopUpHistoryPage | undefined> {
    const client = this.client;
    const generation = this.generation;
    if (!client?.listTopUps) return undefined;
    const request = new AbortController();
    if (cursor === null) {
      this.request?.abort();
      this.request = request;
    }
    const seconds = Math.round(historyTiming.timeoutMs / 100) / 10;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        request.abort();
        reject(
          new BillingError('network', {
            message: timeoutMessage({ seconds: String(seconds) }),
            messageKey: 'errors.timeout',
            params: { seconds },
          }),
        );
      }, historyTiming.timeoutMs);
    });
    try {
      const query = { limit: this.pageSize, ...(cursor === null ? {} : { cursor }) };
      // Called through an async function, so a host method that throws synchronously is a rejection too.
      const page = await Promise.race([(async () => client.listTopUps?.(query, { signal: request.signal }))(), timedOut]);
      if (request.signal.aborted || generation !== this.generation) return undefined;
      // Only a client that skipped the schemas can answer nothing; it is an unreadable answer like any other.
      if (!page) throw unreadableResponse([{ path: '', code: 'empty_body', message: 'listTopUps resolved with nothing' }]);
      return page;
    } catch (error) {
      if (generation !== this.generation || (request.signal.aborted && isAbortError(error))) return undefined;
      throw error;
    } finally {
      clearTimeout(timer);
      if (this.request === request) this.request = undefined;
    }
  }
}
