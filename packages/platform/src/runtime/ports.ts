import { closeSync, mkdirSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Ports for servers this process starts (PostgreSQL, Kafka, Redis, nginx, services), chosen so
 * nobody else takes them between the choice and the server's bind:
 *
 * - Outside the kernel's ephemeral range. `listen(0)` hands out an ephemeral port, and once
 *   released it can become the local port of any outgoing connection (a Kafka or PostgreSQL
 *   client's), so the server that was meant to bind it fails with EADDRINUSE. Ports below
 *   the range are never given to outgoing connections.
 * - Reserved across processes: a file per port in `<tmpdir>/coordina-ports` (or
 *   `COORDINA_PORTS_DIR`, which `coordina test` sets for the tests it runs with their own
 *   TMPDIR) holds the owner's pid, created exclusively. Test files running at once, `coordina up` and benchmarks never
 *   get the same port; a reservation whose owner died is taken over.
 *
 * A reservation lasts until `releasePort` or the owner's exit, so a server restarted on the
 * same port (a crash test) finds it still free.
 */
const DIR = process.env.COORDINA_PORTS_DIR ?? join(tmpdir(), 'coordina-ports');
const owned = new Set<number>();
let cleanupInstalled = false;

/** The port range to choose from: below the ephemeral range, above the well-known ports. */
export function reservablePortRange(): [number, number] {
  let ephemeralLow = 32768;
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (low && Number.isFinite(low)) ephemeralLow = low;
  } catch {
    // not Linux: 32768 is the usual start (macOS: 49152)
  }
  const high = Math.min(ephemeralLow, 32768);
  const low = Math.max(10_000, high - 16_000);
  return [low, high];
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Creates the reservation file, or takes over one whose owner is dead. */
function claim(port: number): boolean {
  const file = join(DIR, String(port));
  try {
    const fd = openSync(file, 'wx');
    writeSync(fd, String(process.pid));
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  let owner = 0;
  try {
    owner = Number.parseInt(readFileSync(file, 'utf8'), 10);
  } catch {
    return false;
  }
  // An empty file is being written by its creator right now.
  if (!owner || alive(owner)) return false;
  // Stale: move it aside atomically (only one taker succeeds), then claim afresh.
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
    if (Number.parseInt(readFileSync(aside, 'utf8'), 10) !== owner) {
      // Someone else's fresh reservation was moved: give it back.
      renameSync(aside, file);
      return false;
    }
    unlinkSync(aside);
  } catch {
    return false;
  }
  return claim(port);
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', () => {
    for (const port of owned) {
      try {
        unlinkSync(join(DIR, String(port)));
      } catch {
        // already gone
      }
    }
  });
}

/**
 * A port reserved for this process (see above) that nothing listens on now. Give it to the
 * server that will listen on it; it stays reserved until `releasePort` or this process exits.
 */
export async function reservePort(): Promise<number> {
  mkdirSync(DIR, { recursive: true });
  installCleanup();
  const [low, high] = reservablePortRange();
  for (let attempt = 0; attempt < 500; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low));
    if (owned.has(port) || !claim(port)) continue;
    if (await bindable(port)) {
      owned.add(port);
      return port;
    }
    // Something outside Coordina listens there: leave the reservation file's place to it.
    unlinkSync(join(DIR, String(port)));
  }
  throw new Error(`no free port to reserve in ${low}-${high} after 500 attempts`);
}

/** Ends a reservation made by `reservePort`. */
export function releasePort(port: number): void {
  if (!owned.delete(port)) return;
  try {
    unlinkSync(join(DIR, String(port)));
  } catch {
    // already gone
  }
}
