import assert from 'node:assert/strict';
import { createServer as createHttpServer, request, type Server } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { addAcceptors, rushListenOptions } from '../src/runtime/acceptors';

function listen(server: Server, options: object): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options, () => resolve());
  });
}

/** GET / on a connection of its own, closed after the answer. */
function get(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve(body));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('acceptors', () => {
  it('spreads connections over the shared sockets, and serves each one once, whichever accepted it', {
    skip: process.platform !== 'linux' && 'SO_REUSEPORT balancing is Linux only',
  }, async () => {
    const server = createHttpServer((_req, res) => res.end('ok'));
    await listen(server, await rushListenOptions(0, '127.0.0.1'));
    const extra = await addAcceptors(server, 5);
    try {
      assert.equal(extra.length, 5);
      // Which listening socket accepted each connection: an acceptor tags it before handing it on.
      const acceptedBy = new Map<Socket, number>();
      extra.forEach((acceptor, i) => {
        acceptor.prependListener('connection', (socket: Socket) => acceptedBy.set(socket, i + 1));
      });
      const perAcceptor = new Array<number>(extra.length + 1).fill(0);
      let served = 0;
      server.on('connection', (socket: Socket) => {
        served++;
        perAcceptor[acceptedBy.get(socket) ?? 0]++; // 0: the server's own socket
      });
      const port = (server.address() as { port: number }).port;
      const connections = 120;
      // One new connection per request (no agent, no keep-alive): the kernel picks a listening
      // socket for each by a hash of its source port.
      const answers = await Promise.all(Array.from({ length: connections }, () => get(port)));
      assert.deepEqual(new Set(answers), new Set(['ok']));
      assert.equal(served, connections, 'the server saw each connection once');
      const busy = perAcceptor.filter((n) => n > 0).length;
      assert.ok(busy >= 2, `connections per listening socket (server first): ${perAcceptor.join(', ')}`);
      assert.ok(
        perAcceptor.slice(1).some((n) => n > 0),
        `no added acceptor accepted a connection: ${perAcceptor.join(', ')}`,
      );
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses a port another process holds instead of sharing it silently', async () => {
    const other = createServer();
    await new Promise<void>((resolve) => other.listen({ port: 0, host: '127.0.0.1' }, resolve));
    const port = (other.address() as { port: number }).port;
    try {
      await assert.rejects(rushListenOptions(port, '127.0.0.1'), /EADDRINUSE/);
    } finally {
      await new Promise((r) => other.close(r));
    }
  });
});
