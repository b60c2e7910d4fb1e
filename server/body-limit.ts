// refuseLargeBodies: a request body over the limit is refused while it streams in, with 413 and Connection: close.
//
// Content-Length over the limit is refused before a byte of the body is read; a chunked body is
// counted as it arrives and refused at the first chunk past the limit (hono's bodyLimit). The
// answer says Connection: close, so Node ends the socket once it is written instead of reading
// (and throwing away) the rest of a 20 MB upload to keep the connection alive; the client sees
// the 413 and opens a new socket for its next request instead of failing it with a reset one.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { errorBody, validationError } from './errors.js';

export function refuseLargeBodies(maxBytes: number): MiddlewareHandler {
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.json(
        errorBody(validationError(`The request body is too large (at most ${maxBytes} bytes).`, { body: 'Too large.' }, { maxBytes })),
        413,
        { Connection: 'close' },
      ),
  });
}
