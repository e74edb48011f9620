import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { WebSocket } from 'ws';
import { z } from 'zod';
import { AccessTokens } from '../src/auth/access-token';
import { createLogger } from '../src/observability/logger';
import { FLUSH_SLICE, installSockets, socketsWaiting } from '../src/realtime/socket.server';
import type { SocketEndpoint, SocketSession } from '../src/realtime/socket-endpoint';
import { MemoryUserChannels } from '../src/realtime/user-channels';
import { gate } from '../src/testing/gate';
import { eventually } from '../src/testing/start-test-app';
import { TestSocket } from '../src/testing/test-socket';

/**
 * Decisions 0113 and 0114: a frame published to many users is parsed once and the same frozen
 * value reaches every listener; a frame object is serialized and framed once for every socket
 * it is sent to; frames sent in one turn of the event loop go out together, per socket in the
 * order they were sent, and always before a close the endpoint asks for after them; a fan-out
 * to more sockets than a slice is written a slice per turn (decision 0133).
 */
describe('socket frames: shared, framed once, written per turn in order', () => {
  const channels = new MemoryUserChannels();
  const tokens = new AccessTokens('socket-frames-test-secret-at-least-32-chars', 600);
  let app: FastifyInstance;
  let url: string;
  const sessions = new Map<string, SocketSession>();
  const sockets: TestSocket[] = [];

  const endpoint: SocketEndpoint = {
    path: '/api/test/ws',
    summary: 'test socket',
    clientFrames: { burst: { description: 'burst', schema: z.object({}) } },
    serverFrames: {},
    open: (session) => {
      sessions.set(session.user.id, session);
      return {
        onPublished: (frame) => session.send(frame as object),
        onFrame: async (frame) => {
          const f = frame as { type: string; n?: number };
          // Frames, then a close, in one turn: the client must get every frame before the close.
          if (f.type === 'bye') {
            for (let i = 1; i <= (f.n ?? 0); i++) session.send({ type: 'last', i });
            session.close(4000, 'bye');
          }
        },
      };
    },
  };

  const open = async () => {
    const id = randomUUID();
    const token = await tokens.sign({ id, email: `${id}@test.invalid`, roles: ['client'] });
    const s = await TestSocket.open(url, { token });
    sockets.push(s);
    await s.waitFor((f) => f.type === 'ready');
    return { id, s };
  };

  before(async () => {
    app = Fastify();
    installSockets(app, {
      endpoints: [endpoint],
      channels,
      authenticate: (token) => tokens.verify(token),
      log: createLogger({ level: 'silent' }),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as { port: number };
    url = `ws://127.0.0.1:${address.port}/api/test/ws`;
  });
  after(async () => {
    for (const s of sockets) s.kill();
    await app.close();
  });

  it('hands every listener of every user the same frozen value, parsed once per publish', async () => {
    const own = new MemoryUserChannels();
    const got: unknown[] = [];
    const offA = await own.subscribe('a', (f) => got.push(f));
    await own.subscribe('a', (f) => got.push(f));
    await own.subscribe('b', (f) => got.push(f));
    await own.publish(['a', 'b', 'nobody'], { type: 'x', nested: { n: 1 } });
    assert.equal(got.length, 3);
    assert.ok(
      got.every((f) => f === got[0]),
      'one value for all',
    );
    assert.deepEqual(got[0], { type: 'x', nested: { n: 1 } });
    assert.ok(Object.isFrozen(got[0]) && Object.isFrozen((got[0] as { nested: object }).nested), 'frozen, deeply');
    offA();
    await own.publish(['a'], { type: 'y' });
    assert.equal(got.length, 4, 'the other listener of a still gets it');
    await own.close();
  });

  it('delivers a burst of distinct frames published in one turn to every member, each once, in order', async () => {
    const members = await Promise.all(Array.from({ length: 20 }, () => open()));
    const ids = members.map((m) => m.id);
    const burst = 50;
    // One turn: no await between the publishes (a consumer's batch running behind).
    for (let i = 1; i <= burst; i++) void channels.publish(ids, { type: 'message', i, text: `m${i}` });
    for (const { s } of members) {
      await s.until(() => s.all('message').length >= burst);
      assert.deepEqual(
        s.all('message').map((f) => f.i),
        Array.from({ length: burst }, (_, i) => i + 1),
      );
    }
    // Then one frame alone in its turn, and one more: still in order, nothing repeated.
    await channels.publish(ids, { type: 'message', i: burst + 1 });
    await channels.publish(ids, { type: 'message', i: burst + 2 });
    for (const { s } of members) {
      await s.until(() => s.all('message').length >= burst + 2);
      assert.deepEqual(
        s
          .all('message')
          .slice(-3)
          .map((f) => f.i),
        [burst, burst + 1, burst + 2],
      );
      assert.equal(s.all('message').length, burst + 2);
    }
  });

  it('writes a fan-out to more sockets than a slice over several turns, other work running between, each socket in order', async () => {
    const count = FLUSH_SLICE * 2 + 44;
    const members: { id: string; s: TestSocket }[] = [];
    // Opened a slice at a time (the test's clients share this process with the server).
    while (members.length < count) members.push(...(await Promise.all(Array.from({ length: 50 }, () => open()))));
    const ids = members.map((m) => m.id);
    void channels.publish(ids, { type: 'slice', i: 1 });
    // Work queued after the fan-out's first slice runs before its last: sockets are still waiting.
    const between = await new Promise<number>((resolve) => setImmediate(() => resolve(socketsWaiting())));
    assert.ok(between > 0 && between < count, `${between} of ${count} sockets waiting after the first slice`);
    // A second frame published while the first is still being written: every socket gets 1 then 2.
    void channels.publish(ids, { type: 'slice', i: 2 });
    for (const { s } of members) {
      await s.until(() => s.all('slice').length === 2);
      assert.deepEqual(
        s.all('slice').map((f) => f.i),
        [1, 2],
      );
    }
    assert.equal(socketsWaiting(), 0);
  });

  it('sends the same frame object to many sockets as the same bytes, and different objects as their own', async () => {
    const members = await Promise.all(Array.from({ length: 3 }, () => open()));
    const shared = { type: 'shared', text: 'one object' };
    for (const { id } of members) sessions.get(id)?.send(shared);
    // Distinct objects of one user, back to back: neither may be taken for the other.
    const [first] = members;
    assert.ok(first);
    const session = sessions.get(first.id);
    session?.send({ type: 'own', n: 1 });
    session?.send({ type: 'own', n: 2 });
    for (const { s } of members) assert.deepEqual(await s.waitFor((f) => f.type === 'shared'), shared);
    await first.s.until(() => first.s.all('own').length === 2);
    assert.deepEqual(
      first.s.all('own').map((f) => f.n),
      [1, 2],
    );
  });

  it('closes a socket whose client stops reading (4408) after the frames written before, in order', async () => {
    const id = randomUUID();
    const token = await tokens.sign({ id, email: `${id}@test.invalid`, roles: ['client'] });
    const ws = new WebSocket(url, ['coordina.v1', `bearer.${token}`]);
    const got: number[] = [];
    let ready = false;
    ws.on('message', (data) => {
      const f = JSON.parse(String(data)) as { type: string; i?: number };
      if (f.type === 'ready') ready = true;
      if (f.type === 'big') got.push(f.i as number);
    });
    let closed: number | undefined;
    ws.once('close', (code) => {
      closed = code;
    });
    await eventually(async () => ready);
    ws.pause();
    const session = sessions.get(id) as SocketSession;
    // 400 frames of 60 KB, one per turn: far beyond what the kernel's buffers take, so the gateway's grow past 4 MB.
    const pad = 'x'.repeat(60_000);
    for (let i = 1; i <= 400; i++) {
      session.send({ type: 'big', i, pad });
      await new Promise((r) => setImmediate(r));
    }
    ws.resume();
    await eventually(async () => closed !== undefined || (got.length === 400 && `all 400 frames and no close`));
    assert.equal(closed, 4408);
    assert.ok(got.length > 0 && got.length < 400, `${got.length} frames before the close`);
    assert.deepEqual(
      got,
      Array.from({ length: got.length }, (_, k) => k + 1),
    );
  });

  it('writes the frames sent before a close ahead of the close', async () => {
    const { s } = await open();
    s.send({ type: 'bye', n: 5 });
    const closed = await s.closed;
    assert.equal(closed.code, 4000);
    assert.deepEqual(
      s.all('last').map((f) => f.i),
      [1, 2, 3, 4, 5],
    );
  });
});

/**
 * A gateway that stops while a closed socket's last call is being answered (chat records the
 * user offline so): its close waits for that call, whose handler still has what it needs, and a
 * call that comes after is refused with 503 without reaching a handler.
 */
describe('socket calls while the gateway stops', () => {
  it("waits for a closed socket's call in flight and refuses later calls with 503", async () => {
    const tokens = new AccessTokens('socket-calls-test-secret-at-least-32-chars', 600);
    const released = gate();
    const inHandler = gate();
    let open = true;
    const answers: { status: number }[] = [];
    let session: SocketSession | undefined;
    const app = Fastify();
    app.get('/api/test/held', async () => {
      inHandler.resolve();
      await released.promise;
      return { open };
    });
    installSockets(app, {
      endpoints: [
        {
          path: '/api/test/ws',
          summary: 'test socket',
          clientFrames: {},
          serverFrames: {},
          open: (s) => {
            session = s;
            return {
              onPublished: () => undefined,
              onFrame: async () => undefined,
              onClose: () => void s.call('GET', '/api/test/held').then((a) => answers.push(a)),
            };
          },
        },
      ],
      channels: new MemoryUserChannels(),
      authenticate: (token) => tokens.verify(token),
      log: createLogger({ level: 'silent' }),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as { port: number };
    const id = randomUUID();
    const socket = await TestSocket.open(`ws://127.0.0.1:${port}/api/test/ws`, {
      token: await tokens.sign({ id, email: `${id}@test.invalid`, roles: ['client'] }),
    });
    socket.kill();
    await inHandler.promise;
    const closed = app.close().then(() => {
      open = false;
    });
    // Let go once the close has ended, or after 2 s if it waits for the call (it must).
    await Promise.race([closed, new Promise((r) => setTimeout(r, 2000))]);
    released.resolve();
    await closed;
    await new Promise((r) => setImmediate(r));
    // `open` is read as the handler answers: true means the close had not ended yet.
    assert.deepEqual(answers, [{ status: 200, body: { open: true } }], 'answered before the close ended');
    assert.ok(session);
    assert.deepEqual(await session.call('GET', '/api/test/held'), {
      status: 503,
      body: { title: 'Service Unavailable', detail: 'the gateway is stopping' },
    });
  });
});
