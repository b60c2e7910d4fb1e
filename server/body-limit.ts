// refuseLargeBodies: a request body over the limit is refused while it streams in, with 413 and Connection: close.
//
// Content-Length over the limit is refused before a byte of the body is read; a chunked body is
// counted as it arrives and refused at the first chunk past the limit (hono's bodyLimit). The
// answer says Connection: close, so Node ends the socket once it is written instead of reading
// (and throwing away) the rest of a 20 MB upload to keep the connection alive; the client sees
// the 413 and opens a new socket for its next request instead of failing it with a reset one.
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody, validationError } from './errors.js';

export function refuseLargeBodies(maxBytes: number): MiddlewareHandler {
  const refuse = (c: Context): Response =>
    c.json(
      errorBody(validationError(`The request body is too large (at most ${maxBytes} bytes).`, { body: 'Too large.' }, { maxBytes })),
      413,
      { Connection: 'close' },
    );
  const counted = bodyLimit({ maxSize: maxBytes, onError: refuse });
  return async (c, next) => {
    // A request with Content-Length and no Transfer-Encoding carries exactly that many bytes (RFC 9112 6.3), so the
    // header decides without touching the body: hono's bodyLimit would read c.req.raw.body, which makes
    // @hono/node-server build a whole web Request and stream for the request (a quarter of a top-up's CPU in Node,
    // profiled), where the handler's c.req.text() otherwise reads Node's own request directly. GET and HEAD have no
    // body. Anything else (chunked, or a Request made in process, whose length no header states) is counted as it streams.
    const length = c.req.header('content-length');
    if (c.req.header('transfer-encoding') === undefined) {
      if (length !== undefined) return Number.parseInt(length, 10) > maxBytes ? refuse(c) : next();
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    }
    return counted(c, next);
  };
}
