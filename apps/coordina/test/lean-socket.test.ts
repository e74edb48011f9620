import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@coordina/platform/testing';
import { WebSocket, WebSocketServer } from 'ws';
import { LeanSocket } from '../src/bench/lean-socket';

/** The chat benches' WebSocket client (decision 0143) against a real `ws` server. */
describe('the benches’ lean WebSocket client', () => {
  let wss: WebSocketServer;
  let url: string;
  const server: WebSocket[] = [];
  const received: string[] = [];
  before(async () => {
    wss = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: (p) => (p.has('x.v1') ? 'x.v1' : false) });
    await new Promise((r) => wss.once('listening', r));
    url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}/path?q=1`;
    wss.on('connection', (ws) => {
      server.push(ws);
      ws.on('message', (data) => received.push(String(data)));
    });
  });
  after(async () => {
    for (const ws of server) ws.terminate();
    await new Promise((r) => wss.close(r));
  });

  function open(protocols: string[] = ['x.v1']) {
    const got: { text: string; binary: boolean }[] = [];
    const state: { open: boolean; closed?: string | true } = { open: false };
    const socket = new LeanSocket(url, protocols, {
      open: () => {
        state.open = true;
      },
      message: (data, start, end, binary) => got.push({ text: data.toString('utf8', start, end), binary }),
      closed: (error) => {
        state.closed = error ?? true;
      },
    });
    return { socket, got, state };
  }

  it('reads frames of every length form, split or joined across reads, and fragmented messages', async () => {
    const c = open();
    await eventually(async () => c.state.open && server.length === 1);
    const ws = server[0] as WebSocket;
    const medium = 'm'.repeat(300);
    const large = 'l'.repeat(70_000);
    ws.send('short');
    ws.send(medium);
    ws.send(large);
    ws.send(Buffer.from([1, 2, 3]), { binary: true });
    ws.send('part one, ', { fin: false });
    ws.send('part two', { fin: true });
    await eventually(async () => c.got.length === 5);
    assert.deepEqual(
      c.got.map((g) => [g.text.length, g.binary]),
      [
        [5, false],
        [300, false],
        [70_000, false],
        [3, true],
        [18, false],
      ],
    );
    assert.equal(c.got[0]?.text, 'short');
    assert.equal(c.got[2]?.text, large);
    assert.equal(c.got[4]?.text, 'part one, part two');
    c.socket.terminate();
  });

  it('sends masked frames the server reads, and answers pings', async () => {
    const c = open();
    await eventually(async () => c.state.open && server.length === 2);
    const ws = server[1] as WebSocket;
    c.socket.send('hello');
    c.socket.send('é'.repeat(200));
    await eventually(async () => received.length === 2);
    assert.deepEqual(received, ['hello', 'é'.repeat(200)]);
    let pong: string | undefined;
    ws.once('pong', (data) => {
      pong = String(data);
    });
    ws.ping('are you there');
    await eventually(async () => pong !== undefined);
    assert.equal(pong, 'are you there');
    ws.close(1000, 'bye');
    await eventually(async () => c.state.closed === true);
  });

  it('fails a handshake that does not settle on a subprotocol it offered', async () => {
    const c = open(['other']);
    await eventually(async () => c.state.closed !== undefined);
    assert.equal(c.state.open, false);
    assert.equal(c.state.closed, 'handshake refused: subprotocol none for other');
  });

  it('fails a server that does not speak WebSocket', async () => {
    const plain = createServer((_req, res) => res.end('no'));
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
    const port = (plain.address() as { port: number }).port;
    let error: string | undefined;
    new LeanSocket(`ws://127.0.0.1:${port}/`, [], {
      open: () => assert.fail('opened'),
      message: () => assert.fail('a message'),
      closed: (e) => {
        error = e ?? 'closed without a reason';
      },
    });
    await eventually(async () => error !== undefined);
    assert.match(error as string, /handshake refused: HTTP\/1.1 200/);
    await new Promise((r) => plain.close(r));
  });
});
