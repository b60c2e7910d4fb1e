// refuseLargeBodies (server/body-limit.ts) decides by Content-Length without reading the request's web body stream, so
// the handler reads the body straight from Node's request; over the limit it still answers 413 with Connection: close.
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { Hono } from 'hono';
import { refuseLargeBodies } from '../../server/body-limit.js';

/** A Request that counts how often its web body stream is asked for. */
class WatchedRequest extends Request {
  static bodyReads = 0;
  override get body(): Request['body'] {
    WatchedRequest.bodyReads += 1;
    return super.body;
  }
}

function echoApp(maxBytes: number): Hono {
  const app = new Hono();
  app.use('*', refuseLargeBodies(maxBytes));
  app.post('/echo', async (c) => c.text(await c.req.text()));
  app.get('/echo', (c) => c.text('no body'));
  return app;
}

describe('refuseLargeBodies', () => {
  it('passes a body within the limit on by its Content-Length, without asking for its web stream', async () => {
    WatchedRequest.bodyReads = 0;
    const body = JSON.stringify({ amount: 1000 });
    const answer = await echoApp(64).request(
      new WatchedRequest('http://localhost/echo', {
        method: 'POST',
        body,
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) },
      }),
    );
    assert.equal(answer.status, 200);
    assert.equal(await answer.text(), body);
    assert.equal(WatchedRequest.bodyReads, 0);
    const get = await echoApp(64).request(new WatchedRequest('http://localhost/echo'));
    assert.equal(await get.text(), 'no body');
    assert.equal(WatchedRequest.bodyReads, 0);
  });

  it('refuses a Content-Length over the limit with 413 and Connection: close, before the handler runs', async () => {
    const body = 'x'.repeat(65);
    const answer = await echoApp(64).request(
      new Request('http://localhost/echo', { method: 'POST', body, headers: { 'Content-Length': String(body.length) } }),
    );
    assert.equal(answer.status, 413);
    assert.equal(answer.headers.get('Connection'), 'close');
    const error = ((await answer.json()) as { error: { code: string; details: { maxBytes: number } } }).error;
    assert.equal(error.code, 'validation');
    assert.equal(error.details.maxBytes, 64);
  });
});
