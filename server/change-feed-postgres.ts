// Carries the change feed between server processes on one PostgreSQL: NOTIFY after commit, one LISTEN connection per process.
//
// When: a change is sent after its transaction committed, as the feed's callers already publish, not by a NOTIFY
// inside the transaction. A NOTIFY in the transaction would be delivered exactly at commit and never for work that
// rolled back, but every transaction that notifies takes one cluster-wide lock at commit, so all top-up, debit and
// settlement commits would queue behind each other on it while holding their account row locks; and it would add a
// statement to the transactions another part of the server keeps short. Sent after commit, changes go in a statement
// of their own, one in flight at a time and at most one per RELAY_WINDOW_MS: a change on an idle relay goes at once,
// and under load all those published within the window go together (one pool round trip, off the request's path:
// publish does not wait). The price:
// a process that dies between a commit and its NOTIFY loses that hint for browsers on the other processes, which then
// show the old figure until the next change or until they refocus (the widgets revalidate on focus). A change is
// only ever a hint to read again, never data that cannot be read back.
//
// Size: a NOTIFY payload must stay under 8000 bytes. The changes of one tick are one JSON message, escaped to ASCII
// (so characters are bytes) and cut into numbered parts that all go in the same statement, so they commit together;
// the listener puts a message back together by its id before delivering it. A message of any size therefore passes.
//
// Listening: one dedicated pg Client per process (not from the pool, and never through a transaction-mode pooler,
// where LISTEN does not work). If it drops, the process keeps serving: its own changes still reach its own browsers,
// and it reconnects with backoff; changes other processes made meanwhile are lost to it, so once listening again it
// tells each open stream to read everything again (ChangeFeed.deliverGap), and the widgets catch up without a reload.
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import type { BillingChange } from '../src/client/schemas.js';
import type { Database } from './db/database.js';
import { changeFeedFor } from './change-feed.js';

/** Characters of message per NOTIFY: the part's header (well under 100 bytes) plus this stays below the 8000-byte limit. */
export const PART_CHARS = 7_800;
/** A message whose parts do not all arrive within this is dropped (its sender's statement cannot deliver half of them). */
const PARTIAL_MESSAGE_MS = 30_000;
/**
 * At most one NOTIFY statement per this many ms. Each one is a commit on a cluster-wide lock and wakes every listening
 * backend and its process; sent as soon as possible, 8 top-ups at a time made one per group (150 a second) and cost
 * 3–8 % of the throughput (7 interleaved pairs of bench/server-writes.ts). The price is at most this much more
 * delay for a change reaching another process's browsers; this process's own subscribers hear it at once.
 */
export const RELAY_WINDOW_MS = 20;
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 30_000;

export interface PostgresChangeRelayOptions {
  /** Told about a lost LISTEN connection or a failed NOTIFY; default console.error. */
  onError?: (error: unknown) => void;
  /** Told each time the LISTEN connection is established again after a drop. */
  onReconnect?: () => void;
  /** The shortest time between two NOTIFY statements; default RELAY_WINDOW_MS. */
  windowMs?: number;
}

export interface PostgresChangeRelay {
  /** The NOTIFY channel: one per schema, so test schemas on one database do not hear each other. */
  readonly channel: string;
  /** Whether the LISTEN connection is up right now. */
  readonly listening: boolean;
  /** Stops listening and relaying. */
  close(): Promise<void>;
}

/** The channel for a schema; identifiers are limited to 63 bytes, so a long schema name is hashed. */
export function channelFor(schema: string): string {
  const readable = `billing_changes:${schema}`;
  return Buffer.byteLength(readable) <= 63 ? readable : `billing_changes:${createHash('sha256').update(schema).digest('hex').slice(0, 40)}`;
}

/** JSON in which every character past ASCII is a \u escape: its length in characters is its length in bytes. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The NOTIFY payloads of one message: `origin:id:index:count:` then its part of the text. */
export function encodeMessage(origin: string, id: string, changes: ReadonlyArray<[string, BillingChange]>): string[] {
  const text = asciiJson(changes);
  const count = Math.max(1, Math.ceil(text.length / PART_CHARS));
  return Array.from(
    { length: count },
    (_, index) => `${origin}:${id}:${index}:${count}:${text.slice(index * PART_CHARS, (index + 1) * PART_CHARS)}`,
  );
}

interface PartialMessage {
  parts: Array<string | undefined>;
  received: number;
  since: number;
}

/** Puts messages back together from their parts; returns the changes of each message once whole. */
export class MessageAssembler {
  readonly #partial = new Map<string, PartialMessage>();

  constructor(readonly ownOrigin: string) {}

  /** The changes of the message this payload completes, [] for a part of one still incomplete, null for one of our own or unreadable. */
  accept(payload: string, now = Date.now()): Array<[string, BillingChange]> | null {
    const match = /^([^:]+):([^:]+):(\d+):(\d+):/.exec(payload);
    if (!match) return null;
    const [header, origin = '', id = '', indexText = '', countText = ''] = match;
    if (origin === this.ownOrigin) return null;
    const index = Number(indexText);
    const count = Number(countText);
    if (!(count >= 1 && index < count && count <= 10_000)) return null;
    const body = payload.slice(header.length);
    let text = body;
    if (count > 1) {
      this.#forgetOld(now);
      const key = `${origin}:${id}`;
      const partial = this.#partial.get(key) ?? { parts: new Array<string | undefined>(count), received: 0, since: now };
      this.#partial.set(key, partial);
      if (partial.parts[index] === undefined) partial.received += 1;
      partial.parts[index] = body;
      if (partial.received < count) return [];
      this.#partial.delete(key);
      text = partial.parts.join('');
    }
    try {
      const changes = JSON.parse(text) as unknown;
      if (!Array.isArray(changes)) return null;
      return changes.filter(
        (entry): entry is [string, BillingChange] =>
          Array.isArray(entry) && typeof entry[0] === 'string' && typeof (entry[1] as { type?: unknown } | null)?.type === 'string',
      );
    } catch {
      return null;
    }
  }

  get pendingCount(): number {
    return this.#partial.size;
  }

  #forgetOld(now: number): void {
    for (const [key, partial] of this.#partial) if (now - partial.since > PARTIAL_MESSAGE_MS) this.#partial.delete(key);
  }
}

/**
 * Relays db's change feed through PostgreSQL: attaches to changeFeedFor(db) so what this process publishes is sent
 * to the others, and delivers what they send to this process's subscribers. Resolves once listening.
 */
export async function relayChangesThroughPostgres(
  db: Database,
  url: string,
  options: PostgresChangeRelayOptions = {},
): Promise<PostgresChangeRelay> {
  const onError = options.onError ?? ((error: unknown) => console.error('billing server: change feed relay', error));
  const schema = (await db.query<{ name: string }>('SELECT current_schema() AS name')).rows[0]?.name ?? 'public';
  const channel = channelFor(schema);
  const feed = changeFeedFor(db);
  const origin = randomBytes(6).toString('hex');
  const assembler = new MessageAssembler(origin);
  let messageCount = 0;
  let outbox: Array<[string, BillingChange]> = [];
  let closed = false;
  let client: pg.Client | null = null;
  let retryMs = RECONNECT_MIN_MS;
  let retryTimer: NodeJS.Timeout | null = null;
  let started = false;
  let sending: Promise<void> | null = null;
  const windowMs = options.windowMs ?? RELAY_WINDOW_MS;
  let timer: NodeJS.Timeout | null = null;
  let lastSentAt = -Infinity;
  /** close() was called: what is left goes at once, not after the window. */
  let closing = false;

  // One statement in flight at a time, and the next no sooner than windowMs after the last one started; what is
  // published meanwhile goes in the next, all of it. Notifying commits queue on one cluster-wide lock anyway, so a
  // second statement would only hold a pool connection while it waits, and cost a commit of its own: under 8 top-ups
  // at a time from independent clients, one pg_notify per credit statement was 40 % of the statements sent. One at a
  // time also keeps this process's messages in publish order.
  const schedule = (): void => {
    if (timer || sending || closed || outbox.length === 0) return;
    timer = setTimeout(
      () => {
        timer = null;
        flush();
      },
      Math.max(0, lastSentAt + windowMs - performance.now()),
    );
  };
  const flush = (): void => {
    if (sending || closed || outbox.length === 0) return;
    lastSentAt = performance.now();
    const payloads = encodeMessage(origin, (++messageCount).toString(36), outbox);
    outbox = [];
    // One statement, so every part commits (and is delivered) together.
    sending = db
      .query(
        `SELECT pg_notify($1, payload) FROM unnest($2::text[]) WITH ORDINALITY AS parts (payload, n) ORDER BY n`,
        [channel, payloads],
        {
          name: 'change_feed_notify',
        },
      )
      .then(() => undefined, onError)
      .finally(() => {
        sending = null;
        if (closing) flush();
        else schedule();
      });
  };
  const detach = feed.attachRelay((accountId, change) => {
    outbox.push([accountId, change]);
    schedule();
  });

  const connect = async (afterDrop: boolean): Promise<void> => {
    // keepAlive: a connection that only ever listens is otherwise idle, and a NAT or firewall may forget it silently.
    const next = new pg.Client({ connectionString: url, keepAlive: true });
    let lost = false;
    const onLost = (error?: unknown): void => {
      if (lost) return;
      lost = true;
      if (client === next) client = null;
      next.removeAllListeners('notification');
      void next.end().catch(() => {});
      // Before the first connection the caller hears of the failure (the start fails); afterwards, try again.
      if (closed || !started) return;
      onError(error ?? new Error('the LISTEN connection ended'));
      scheduleReconnect();
    };
    next.on('error', onLost);
    next.on('end', () => onLost());
    next.on('notification', (message) => {
      if (message.channel !== channel || message.payload === undefined) return;
      const changes = assembler.accept(message.payload);
      for (const [accountId, change] of changes ?? []) feed.deliver(accountId, change);
    });
    try {
      await next.connect();
      await next.query(`LISTEN "${channel.replaceAll('"', '""')}"`);
    } catch (error) {
      onLost(error);
      throw error;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    retryMs = RECONNECT_MIN_MS;
    if (afterDrop) {
      feed.deliverGap();
      options.onReconnect?.();
    }
  };
  const scheduleReconnect = (): void => {
    if (closed || retryTimer) return;
    const wait = retryMs;
    retryMs = Math.min(RECONNECT_MAX_MS, retryMs * 2);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      // A failure schedules the next try itself (onLost).
      connect(true).catch(() => {});
    }, wait);
    retryTimer.unref();
  };

  try {
    await connect(false);
  } catch (error) {
    closed = true;
    detach();
    throw error;
  }
  started = true;

  return {
    channel,
    get listening() {
      return client !== null;
    },
    async close() {
      detach();
      // What was published before close is still sent, after the statement in flight, without waiting for the window.
      closing = true;
      if (timer) clearTimeout(timer);
      timer = null;
      flush();
      while (sending) await sending;
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      const current = client;
      client = null;
      await current?.end().catch(() => {});
    },
  };
}
