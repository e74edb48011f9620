import type { Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import type { FastifyListenOptions } from 'fastify';

/**
 * Extra listening sockets on an HTTP server's port (SO_REUSEPORT), each handing the
 * connections it accepts to that server. A Node process accepts one new connection per event
 * loop turn and listening socket: while the loop is busy, a rush of thousands of new
 * connections waits in the kernel's queue and its buyers wait with it. With `count` sockets the
 * process accepts up to `count` per turn. The server itself must listen with `reusePort`
 * (see `reusePort()`). Linux only; elsewhere none are added. Only processes of the same user
 * can share the port.
 */
export async function addAcceptors(server: HttpServer, count: number): Promise<Server[]> {
  const addr = server.address();
  if (!reusePort() || typeof addr !== 'object' || addr === null) return [];
  const extra: Server[] = [];
  for (let i = 0; i < count; i++) {
    const acceptor = createServer((socket) => server.emit('connection', socket));
    await new Promise<void>((resolve, reject) => {
      acceptor.once('error', reject);
      acceptor.listen({ port: addr.port, host: addr.address, backlog: 4096, reusePort: true }, resolve);
    });
    extra.push(acceptor);
  }
  server.once('close', () => {
    for (const a of extra) a.close();
  });
  return extra;
}

/** Whether listening sockets can share a port here (SO_REUSEPORT with load balancing). */
function reusePort(): boolean {
  return process.platform === 'linux';
}

/**
 * Listen options for a server that must take a rush: a deep accept queue (the kernel caps it
 * at somaxconn) and, where supported, a port the acceptors can share. A shared port would
 * also be shared silently with another process of the same user that asked for it, so a
 * given port is first bound exclusively, and refused (EADDRINUSE) when anyone holds it.
 * Port 0 needs no check: the kernel picks a port nobody holds.
 */
export async function rushListenOptions(port: number, host: string): Promise<FastifyListenOptions> {
  const shared = reusePort();
  if (shared && port !== 0) await exclusive(port, host);
  // Fastify passes the options through to net.Server#listen, but its types omit reusePort.
  return { port, host, backlog: 4096, ...(shared ? { reusePort: true } : {}) } as FastifyListenOptions;
}

async function exclusive(port: number, host: string): Promise<void> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ port, host, exclusive: true }, resolve);
  });
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
