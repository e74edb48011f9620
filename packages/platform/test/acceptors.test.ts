import assert from 'node:assert/strict';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { addAcceptors, rushListenOptions } from '../src/runtime/acceptors';

function listen(server: Server, options: object): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options, () => resolve());
  });
}

describe('acceptors', () => {
  it('serves every connection, whichever of the shared sockets accepted it', async () => {
    const server = createHttpServer((_req, res) => res.end('ok'));
    await listen(server, await rushListenOptions(0, '127.0.0.1'));
    const extra = await addAcceptors(server, 5);
    try {
      if (process.platform === 'linux') assert.equal(extra.length, 5);
      const port = (server.address() as { port: number }).port;
      const answers = await Promise.all(
        Array.from({ length: 60 }, () =>
          fetch(`http://127.0.0.1:${port}/`, { headers: { connection: 'close' } }).then((r) => r.text()),
        ),
      );
      assert.deepEqual(new Set(answers), new Set(['ok']));
      assert.equal(answers.length, 60);
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
