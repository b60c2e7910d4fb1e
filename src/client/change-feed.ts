// The change feed: Server-Sent Events read over fetch (EventSource cannot send an Authorization header), reopened with backoff.
import type { BillingChangeListener } from './billing-client.js';
import { abortableDelay, abortReason, backoffDelay, isAborted, raceAbort } from './abort.js';
import { loadValidator, type Validator } from './load-validator.js';
import { checkResponse } from './response-check.js';

const EVENTS_RECONNECT_BASE_MS = 1_000;
const EVENTS_RECONNECT_CAP_MS = 30_000;

/** Change-feed answers after which reconnecting cannot help. */
const FEED_ABSENT_STATUSES: ReadonlySet<number> = new Set([204, 404, 405, 501]);

/** What the feed needs of its client: where to connect, how, and the host's headers for each connection. */
export interface ChangeFeedSource {
  readonly url: string;
  readonly fetch: typeof fetch;
  readonly credentials: RequestCredentials;
  /** How long to wait for the response headers. */
  readonly timeoutMs: number;
  headers(): Promise<Record<string, string>>;
}

/**
 * Delivers every readable event to `listener` until `signal` aborts. Unreadable events are skipped; a dropped
 * connection is reopened with backoff (or the server's `retry:`), sending Last-Event-ID.
 */
export async function runChangeFeed(source: ChangeFeedSource, listener: BillingChangeListener, signal: AbortSignal): Promise<void> {
  let failures = 0;
  // The server's `retry:`, set by the stream reader's callback (an object, so TypeScript does not narrow it to null).
  const reconnect: { ms: number | null } = { ms: null };
  let lastEventId = '';
  while (!signal.aborted) {
    const connection = new AbortController();
    const forwardAbort = (): void => connection.abort(abortReason(signal));
    signal.addEventListener('abort', forwardAbort, { once: true });
    try {
      // Downloads while the connection opens; a failed download is retried like a failed connection.
      const loading = loadValidator();
      const headers: Record<string, string> = { Accept: 'text/event-stream', ...(await source.headers()) };
      if (lastEventId) headers['Last-Event-ID'] = lastEventId;
      if (isAborted(signal)) return;
      const response = await openEventStream(source, headers, connection);
      // 204 is the SSE way of saying "do not reconnect"; 404/405/501 say this backend has no feed.
      if (FEED_ABSENT_STATUSES.has(response.status)) return;
      if (!response.ok || !response.body) throw new Error(`change feed answered ${response.status}`);
      const validator = await raceAbort(loading, connection.signal);
      failures = 0;
      await readEventStream(response.body, connection.signal, {
        onEvent: (event) => deliverChange(validator, listener, event.data),
        onId: (id) => {
          lastEventId = id;
        },
        onRetry: (ms) => {
          reconnect.ms = ms;
        },
      });
    } catch {
      // Network, a 5xx, a token the hook could not get: all worth another try later (unless unsubscribed).
      if (isAborted(signal)) return;
      failures += 1;
    } finally {
      signal.removeEventListener('abort', forwardAbort);
      connection.abort();
    }
    try {
      await abortableDelay(reconnect.ms ?? backoffDelay(failures, EVENTS_RECONNECT_BASE_MS, EVENTS_RECONNECT_CAP_MS), signal);
    } catch {
      return;
    }
  }
}

/** Opens the stream; the timeout covers only the wait for the response headers. */
async function openEventStream(source: ChangeFeedSource, headers: Record<string, string>, connection: AbortController): Promise<Response> {
  const timer = setTimeout(
    () => connection.abort(new DOMException('The change feed took too long to answer.', 'TimeoutError')),
    source.timeoutMs,
  );
  try {
    return await raceAbort(
      source.fetch(source.url, {
        method: 'GET',
        headers,
        credentials: source.credentials,
        cache: 'no-store',
        signal: connection.signal,
      }),
      connection.signal,
    );
  } finally {
    clearTimeout(timer);
  }
}

function deliverChange(validator: Validator, listener: BillingChangeListener, data: string): void {
  let raw: unknown;
  try {
    raw = JSON.parse(data) as unknown;
  } catch {
    return;
  }
  const parsed = checkResponse(validator.BillingChangeSchema, raw);
  if (!parsed.success) return;
  try {
    listener(parsed.data);
  } catch (error) {
    // A listener's bug must not close the feed for everyone else; surface it separately.
    queueMicrotask(() => {
      throw error;
    });
  }
}

export interface EventStreamHandlers {
  onEvent(event: { type: string; data: string; id: string }): void;
  onId?(id: string): void;
  onRetry?(ms: number): void;
}

/**
 * Reads a text/event-stream body per the HTML spec's parsing rules: lines end in CRLF, LF or CR
 * (which may fall across chunk edges), `data:` lines accumulate and an empty line dispatches.
 * Resolves when the stream ends; rejects with the abort reason when `signal` aborts.
 */
export async function readEventStream(
  stream: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  handlers: EventStreamHandlers,
): Promise<void> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const onAbort = (): void => {
    void reader.cancel(abortReason(signal)).catch(() => undefined);
  };
  signal.addEventListener('abort', onAbort, { once: true });

  let buffer = '';
  let dataLines: string[] = [];
  let eventType = '';
  let eventId = '';
  let firstChunk = true;
  // A CR at the very end of a chunk may be the first half of CRLF.
  let pendingCR = false;

  const processLine = (line: string): void => {
    if (line === '') {
      if (dataLines.length > 0) handlers.onEvent({ type: eventType || 'message', data: dataLines.join('\n'), id: eventId });
      dataLines = [];
      eventType = '';
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    switch (field) {
      case 'data':
        dataLines.push(value);
        break;
      case 'event':
        eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) {
          eventId = value;
          handlers.onId?.(value);
        }
        break;
      case 'retry':
        if (/^\d+$/.test(value)) handlers.onRetry?.(Number(value));
        break;
    }
  };

  const consume = (text: string): void => {
    buffer += text;
    let start = 0;
    for (let index = 0; index < buffer.length; index++) {
      const char = buffer[index];
      if (pendingCR) {
        pendingCR = false;
        if (char === '\n') {
          start = index + 1;
          continue;
        }
      }
      if (char === '\n' || char === '\r') {
        processLine(buffer.slice(start, index));
        start = index + 1;
        if (char === '\r') {
          if (index + 1 < buffer.length) {
            if (buffer[index + 1] === '\n') {
              index += 1;
              start = index + 1;
            }
          } else {
            pendingCR = true;
          }
        }
      }
    }
    buffer = buffer.slice(start);
  };

  try {
    for (;;) {
      if (signal.aborted) throw abortReason(signal);
      const { done, value } = await reader.read();
      if (isAborted(signal)) throw abortReason(signal);
      if (done) break;
      let text = decoder.decode(value, { stream: true });
      if (firstChunk && text.length > 0) {
        firstChunk = false;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      consume(text);
    }
    consume(decoder.decode());
    // Per the spec an event without its closing blank line when the stream ends is dropped.
  } finally {
    signal.removeEventListener('abort', onAbort);
    try {
      reader.releaseLock();
    } catch {
      // Already released by a cancel.
    }
  }
}
