import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Pool } from 'undici';
import { exchange } from '../src/gateway/upstream-exchange';

/** The gateway's request to an instance, against a real HTTP server. */
describe('upstream exchange', () => {
  let server: Server;
  let pool: Pool;
  let finishStream: () => void = () => undefined;

  before(async () => {
    server = createServer((req, res) => {
      if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: first\n\n');
        finishStream = () => res.end('data: last\n\n');
        return;
      }
      const body: Buffer[] = [];
      req.on('data', (c: Buffer) => body.push(c));
      req.on('end', () => {
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.setHeader('x-seen', `${req.method} ${req.url} ${req.headers['x-request-id']} ${Buffer.concat(body)}`);
        res.writeHead(req.url === '/missing' ? 404 : 200, { 'content-type': 'application/json; charset=utf-8' });
        // Two writes: the body arrives in chunks, collected into one Buffer.
        res.write('{"items":[');
        res.end(`${JSON.stringify('ñ'.repeat(40_000))}]}`);
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    pool = new Pool(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, { connections: 2 });
  });
  after(async () => {
    await pool.close();
    server.close();
  });

  it('collects an answer as one Buffer with its status and headers, repeated headers kept', async () => {
    const res = await exchange(pool, {
      path: '/salons?x=1',
      method: 'POST',
      headers: { 'x-request-id': 'r1', 'content-type': 'application/json' },
      body: Buffer.from('{"a":1}'),
    });
    assert.equal(res.status, 200);
    assert.ok(Buffer.isBuffer(res.body));
    assert.deepEqual(JSON.parse(res.body.toString()), { items: ['ñ'.repeat(40_000)] });
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(res.headers['x-seen'], 'POST /salons?x=1 r1 {"a":1}');
    assert.deepEqual(res.headers['set-cookie'], ['a=1', 'b=2']);
    const missing = await exchange(pool, { path: '/missing', method: 'GET', headers: {} });
    assert.equal(missing.status, 404);
  });

  it('relays an event stream as it comes, before the instance ends it', async () => {
    const res = await exchange(pool, { path: '/stream', method: 'GET', headers: {} });
    assert.equal(res.status, 200);
    assert.ok(!Buffer.isBuffer(res.body), 'a stream, not a buffered body');
    const [first] = (await once(res.body, 'data')) as [Buffer];
    assert.equal(first.toString(), 'data: first\n\n');
    finishStream();
    const rest: Buffer[] = [];
    for await (const chunk of res.body) rest.push(chunk as Buffer);
    assert.equal(Buffer.concat(rest).toString(), 'data: last\n\n');
  });

  it('rejects when the instance cannot be reached', async () => {
    const closed = new Pool('http://127.0.0.1:1');
    await assert.rejects(exchange(closed, { path: '/', method: 'GET', headers: {} }), /ECONNREFUSED/);
    await closed.close();
  });
});
