// Outbound webhooks: delivers the events the triggers of 016_outbound_webhooks.sql write to webhook_events (the
// outbox, in the same transaction as the money change) to the host's URL, signed (server/webhooks-signature.ts).
//
// Delivery is at least once. A worker claims due rows with one short statement (UPDATE … FROM (SELECT … FOR UPDATE
// SKIP LOCKED)), which moves each row's next_attempt_at a lease ahead and stamps it with the worker's claim token, then
// POSTs outside any transaction (PGlite has one connection: a transaction held open over HTTP would stop every request)
// and records the outcome on the rows it still holds: delivered on 2xx, otherwise a retry after an exponential,
// jittered delay, or 'failed' once the attempts are used up. Several workers, in one process or on several servers on
// one PostgreSQL, skip each other's claimed rows, so an event is sent by one of them at a time; a worker that dies
// mid-delivery leaves its rows to be claimed again when the lease runs out, and a restart finds every row still
// pending. A receiver therefore deduplicates on the event id.
//
// Waking: the worker polls (default every second) the partial index of due rows, an index probe when there are none.
// The triggers do not NOTIFY: a NOTIFY in the money transactions would make their commits queue on one cluster-wide
// lock (server/change-feed-postgres.ts says more).
//
// Without a URL (BILLING_WEBHOOK_URL unset) the triggers still record events (so a server on the same database that
// has the URL delivers them, and none is lost across a deploy that sets it), nothing is sent, and housekeeping gives up
// events older than the delivery window (3 days) and deletes finished rows after the retention (30 days).
import { randomBytes } from 'node:crypto';
import type { Database } from './db/database.js';
import { signWebhookPayload, WEBHOOK_EVENT_ID_HEADER, WEBHOOK_EVENT_TYPE_HEADER, WEBHOOK_SIGNATURE_HEADER } from './webhooks-signature.js';

export type WebhookEventType =
  | 'balance.low'
  | 'top_up.succeeded'
  | 'top_up.failed'
  | 'auto_recharge.succeeded'
  | 'auto_recharge.failed'
  | 'auto_recharge.skipped'
  | 'auto_recharge.disabled';

/** What is POSTed: the event id (deduplicate on it), its type, when the change happened, and its data. */
export interface WebhookEvent {
  id: string;
  type: WebhookEventType;
  createdAt: string;
  data: { accountId: string } & Record<string, unknown>;
}

export interface WebhookEndpoint {
  url: string;
  /** HMAC-SHA256 key of the Billing-Signature header. Never logged. */
  secret: string;
}

export interface RetrySchedule {
  /** Delay after the first failed attempt. Default 30 s. */
  baseMs: number;
  /** Longest delay between attempts. Default 6 h. */
  maxMs: number;
  /** Attempts before an event is given up ('failed'). Default 20 (about 1.3 to 2.6 days of retries). */
  maxAttempts: number;
}

export const DEFAULT_RETRY_SCHEDULE: RetrySchedule = { baseMs: 30_000, maxMs: 6 * 60 * 60_000, maxAttempts: 20 };
/** An event not delivered this long after it happened is given up, attempted or not (webhooks unset meanwhile). */
export const DEFAULT_MAX_EVENT_AGE_MS = 3 * 24 * 60 * 60_000;
/** Delivered and given-up events are deleted this long after they happened. */
export const DEFAULT_RETENTION_MS = 30 * 24 * 60 * 60_000;

export interface WebhookDeliveryOptions {
  /** Where events go; null: record only (housekeeping runs, nothing is sent). */
  endpoint: WebhookEndpoint | null;
  /** The server's clock: claims, retries and the signature's timestamp. Default real time. */
  now?: () => Date;
  /** Default globalThis.fetch. */
  fetch?: typeof fetch;
  /** Per request. Default 10 s. */
  timeoutMs?: number;
  /** How long a claimed row is held before another worker may take it (a worker that died). Default timeoutMs + 30 s. */
  leaseMs?: number;
  /** Between polls when nothing is due. Default 1 s. */
  pollMs?: number;
  /** Events claimed, and sent concurrently, per pass. Default 20. */
  batchSize?: number;
  retry?: Partial<RetrySchedule>;
  maxEventAgeMs?: number;
  retentionMs?: number;
  /** Between housekeeping runs (the first is at start). Default 1 h. */
  housekeepingMs?: number;
  /** Jitter source, [0, 1). Default Math.random. */
  random?: () => number;
  /** A pass or housekeeping that failed (the database was unreachable). Default console.error. */
  onError?: (error: unknown) => void;
}

/** The delay before retrying after failed attempt number `attempt` (1-based): exponential, capped, with equal jitter. */
export function retryDelayMs(
  attempt: number,
  schedule: RetrySchedule = DEFAULT_RETRY_SCHEDULE,
  random: () => number = Math.random,
): number {
  const full = Math.min(schedule.maxMs, schedule.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.round(full / 2 + (full / 2) * random());
}

export interface DeliveryReport {
  delivered: string[];
  /** Failed attempts with a retry scheduled. */
  retrying: Array<{ id: string; attempt: number; nextAttemptAt: Date; status: number | null; error: string }>;
  /** Failed attempts that used up the last one: the event is given up. */
  gaveUp: string[];
  /** Claimed rows whose outcome this worker could not record (another worker took them over): none normally. */
  lost: string[];
}

interface ClaimedRow {
  id: string;
  type: WebhookEventType;
  created_at: Date;
  data: WebhookEvent['data'] | string;
  attempts: number;
}

/** The event as POSTed, from its row. */
function eventOf(row: ClaimedRow): WebhookEvent {
  const data = typeof row.data === 'string' ? (JSON.parse(row.data) as WebhookEvent['data']) : row.data;
  return { id: row.id, type: row.type, createdAt: row.created_at.toISOString(), data };
}

/** The URL without credentials or query, for logs. */
export function describeEndpoint(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return '(an invalid URL)';
  }
}

/** BILLING_WEBHOOK_URL and BILLING_WEBHOOK_SECRET, checked; null when neither is set. */
export function webhookEndpointFromEnv(env: NodeJS.ProcessEnv): WebhookEndpoint | null {
  const url = env['BILLING_WEBHOOK_URL'] || undefined;
  const secret = env['BILLING_WEBHOOK_SECRET'] || undefined;
  if (!url && !secret) return null;
  if (!url || !secret) {
    throw new Error('BILLING_WEBHOOK_URL and BILLING_WEBHOOK_SECRET go together: set both to send webhooks, or neither.');
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error('BILLING_WEBHOOK_URL is not a URL.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error('BILLING_WEBHOOK_URL must be http:// or https://.');
  if (secret.length < 24) throw new Error('BILLING_WEBHOOK_SECRET must be at least 24 characters (e.g. openssl rand -hex 32).');
  return { url, secret };
}

/** fetch refuses a URL with credentials (https://user:pass@host/…): they are sent as Authorization: Basic instead. */
function requestTarget(url: string): { url: string; authorization: string | null } {
  const parsed = new URL(url);
  if (!parsed.username && !parsed.password) return { url, authorization: null };
  const credentials = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return { url: parsed.toString(), authorization: `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}` };
}

export class WebhookDelivery {
  readonly #db: Database;
  readonly #endpoint: WebhookEndpoint | null;
  readonly #target: { url: string; authorization: string | null } | null;
  readonly #now: () => Date;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #batchSize: number;
  readonly #schedule: RetrySchedule;
  readonly #maxEventAgeMs: number;
  readonly #retentionMs: number;
  readonly #housekeepingMs: number;
  readonly #random: () => number;
  readonly #onError: (error: unknown) => void;
  /** Aborts requests in flight when the worker stops. */
  readonly #stopping = new AbortController();
  #timer: NodeJS.Timeout | null = null;
  #housekeepingTimer: NodeJS.Timeout | null = null;
  readonly #inFlight = new Set<Promise<unknown>>();
  #started = false;

  constructor(db: Database, options: WebhookDeliveryOptions) {
    this.#db = db;
    this.#endpoint = options.endpoint;
    this.#target = options.endpoint ? requestTarget(options.endpoint.url) : null;
    this.#now = options.now ?? (() => new Date());
    this.#fetch = options.fetch ?? globalThis.fetch;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
    this.#leaseMs = options.leaseMs ?? this.#timeoutMs + 30_000;
    this.#pollMs = options.pollMs ?? 1_000;
    this.#batchSize = options.batchSize ?? 20;
    this.#schedule = { ...DEFAULT_RETRY_SCHEDULE, ...options.retry };
    this.#maxEventAgeMs = options.maxEventAgeMs ?? DEFAULT_MAX_EVENT_AGE_MS;
    this.#retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
    this.#housekeepingMs = options.housekeepingMs ?? 60 * 60_000;
    this.#random = options.random ?? Math.random;
    this.#onError = options.onError ?? ((error) => console.error('billing server: webhook delivery', error));
  }

  /** Polls and delivers in the background, and runs housekeeping now and every housekeepingMs, until stop(). */
  start(): this {
    if (this.#started) return this;
    this.#started = true;
    const housekeep = (): void => {
      this.#track(this.housekeeping().catch(this.#onError));
      this.#housekeepingTimer = setTimeout(housekeep, this.#housekeepingMs);
      this.#housekeepingTimer.unref();
    };
    housekeep();
    if (this.#endpoint) this.#schedulePoll(0);
    return this;
  }

  /** Stops polling; requests in flight are aborted and their events given back for the next worker, at once. */
  async stop(): Promise<void> {
    this.#stopping.abort();
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#housekeepingTimer) clearTimeout(this.#housekeepingTimer);
    this.#timer = null;
    this.#housekeepingTimer = null;
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * One pass: claims up to batchSize due events and sends them concurrently. Resolves once every outcome is
   * recorded. Tests call it directly with their own clock; start() calls it in a loop.
   */
  async deliverDue(): Promise<DeliveryReport> {
    const report: DeliveryReport = { delivered: [], retrying: [], gaveUp: [], lost: [] };
    const endpoint = this.#endpoint;
    const target = this.#target;
    if (!endpoint || !target || this.#stopping.signal.aborted) return report;
    const claim = randomBytes(8).toString('hex');
    const now = this.#now();
    const claimed = await this.#db.query<ClaimedRow>(
      `UPDATE webhook_events e SET attempts = e.attempts + 1, claim = $3, last_attempt_at = $1, next_attempt_at = $4
       FROM (SELECT id FROM webhook_events
             WHERE status = 'pending' AND next_attempt_at <= $1 AND created_at >= $5
             ORDER BY next_attempt_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED) due
       WHERE e.id = due.id
       RETURNING e.id, e.type, e.created_at, e.data, e.attempts`,
      [now, this.#batchSize, claim, new Date(now.getTime() + this.#leaseMs), new Date(now.getTime() - this.#maxEventAgeMs)],
    );
    await Promise.all(claimed.rows.map((row) => this.#deliver(endpoint.secret, target, row, claim, report)));
    return report;
  }

  /** Gives up pending events older than the delivery window, and deletes finished ones past the retention. */
  async housekeeping(): Promise<{ expired: number; deleted: number }> {
    const now = this.#now().getTime();
    const expired = await this.#db.query(
      `UPDATE webhook_events SET status = 'failed', claim = NULL, last_error = 'expired: not delivered within the delivery window'
       WHERE status = 'pending' AND created_at < $1`,
      [new Date(now - this.#maxEventAgeMs)],
    );
    const deleted = await this.#db.query(`DELETE FROM webhook_events WHERE status <> 'pending' AND created_at < $1`, [
      new Date(now - this.#retentionMs),
    ]);
    return { expired: expired.affectedRows, deleted: deleted.affectedRows };
  }

  async #deliver(
    secret: string,
    target: { url: string; authorization: string | null },
    row: ClaimedRow,
    claim: string,
    report: DeliveryReport,
  ): Promise<void> {
    const body = JSON.stringify(eventOf(row));
    let status: number | null = null;
    let error = '';
    // A controller and timer of its own rather than AbortSignal.any([AbortSignal.timeout(…), …]): on Node 20 the
    // combined signal can be collected before its timeout fires, and the request then waits for undici's 5 minutes.
    const request = new AbortController();
    const timeout = setTimeout(
      () => request.abort(new DOMException(`no answer within ${this.#timeoutMs} ms`, 'TimeoutError')),
      this.#timeoutMs,
    );
    const onStop = (): void => request.abort(this.#stopping.signal.reason);
    this.#stopping.signal.addEventListener('abort', onStop, { once: true });
    if (this.#stopping.signal.aborted) onStop();
    try {
      const response = await this.#fetch(target.url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'User-Agent': 'billing-widgets-webhooks/1',
          [WEBHOOK_EVENT_ID_HEADER]: row.id,
          [WEBHOOK_EVENT_TYPE_HEADER]: row.type,
          [WEBHOOK_SIGNATURE_HEADER]: signWebhookPayload(secret, body, this.#now()),
          ...(target.authorization ? { Authorization: target.authorization } : {}),
        },
        body,
        redirect: 'manual',
        signal: request.signal,
      });
      status = response.status;
      // The answer's body is not read: a receiver acknowledges with its status alone.
      await response.body?.cancel().catch(() => {});
      if (status < 200 || status > 299) error = `HTTP ${status}`;
    } catch (cause) {
      error = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    } finally {
      clearTimeout(timeout);
      this.#stopping.signal.removeEventListener('abort', onStop);
    }
    const at = this.#now();
    if (status !== null && error === '') {
      const done = await this.#db.query(
        `UPDATE webhook_events SET status = 'delivered', delivered_at = $3, last_status = $4, last_error = NULL, claim = NULL
         WHERE id = $1 AND claim = $2 AND status = 'pending'`,
        [row.id, claim, at, status],
      );
      (done.affectedRows > 0 ? report.delivered : report.lost).push(row.id);
      return;
    }
    if (this.#stopping.signal.aborted) {
      // Cut short by shutdown: not the receiver's failure. Due again at once, for whichever worker runs next.
      await this.#db.query(
        `UPDATE webhook_events SET attempts = attempts - 1, next_attempt_at = $3, claim = NULL WHERE id = $1 AND claim = $2`,
        [row.id, claim, at],
      );
      return;
    }
    const giveUp = row.attempts >= this.#schedule.maxAttempts;
    const nextAttemptAt = new Date(at.getTime() + retryDelayMs(row.attempts, this.#schedule, this.#random));
    const recorded = await this.#db.query(
      `UPDATE webhook_events SET status = CASE WHEN $3 THEN 'failed' ELSE 'pending' END, next_attempt_at = $4,
         last_status = $5, last_error = $6, claim = NULL
       WHERE id = $1 AND claim = $2 AND status = 'pending'`,
      [row.id, claim, giveUp, nextAttemptAt, status, error.slice(0, 500)],
    );
    if (recorded.affectedRows === 0) report.lost.push(row.id);
    else if (giveUp) report.gaveUp.push(row.id);
    else report.retrying.push({ id: row.id, attempt: row.attempts, nextAttemptAt, status, error });
  }

  #schedulePoll(delayMs: number): void {
    if (this.#stopping.signal.aborted) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      const pass = this.deliverDue().then(
        (report) => {
          const claimed = report.delivered.length + report.retrying.length + report.gaveUp.length + report.lost.length;
          // A full batch: more may be due, so go on at once.
          this.#schedulePoll(claimed >= this.#batchSize ? 0 : this.#pollMs);
        },
        (error: unknown) => {
          this.#onError(error);
          this.#schedulePoll(this.#pollMs);
        },
      );
      this.#track(pass);
    }, delayMs);
    this.#timer.unref();
  }

  /** Lets stop() wait for work in progress. */
  #track(work: Promise<unknown>): void {
    const tracked: Promise<unknown> = work.finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }
}

/** A worker started on db: the server's (main.ts) delivery loop. */
export function startWebhookDelivery(db: Database, options: WebhookDeliveryOptions): WebhookDelivery {
  return new WebhookDelivery(db, options).start();
}
