import { fork } from 'node:child_process';
import { join } from 'node:path';
import { messagingService } from '@coordina/chat-messaging';
import { AccessTokens } from '@coordina/platform';
import { CoordinaApp, loadConfig } from '@coordina/platform/runtime';
import { uniquePrefix } from '@coordina/platform/testing';
import { WebSocket, WebSocketServer } from 'ws';
import { percentile } from './stats';

export interface ChatFanoutResult {
  members: number;
  rate: number;
  messages: number;
  /** From the send (HTTP POST) to the last member's socket receiving it, ms. */
  p50: number;
  p99: number;
  /** The same with a raw `ws` server broadcasting each frame to every client. */
  rawP50: number;
  rawP99: number;
  lost: number;
}

export interface ChatSocketsResult {
  sockets: number;
  bytesPerSocket: number;
  errors: number;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Opens `n` sockets to `url`, each signed in, 200 at a time; each calls `onFrame` with what it receives. */
async function openAll(url: string, tokens: string[], onFrame: (f: { type: string; [k: string]: unknown }) => void) {
  const sockets: WebSocket[] = [];
  for (let i = 0; i < tokens.length; i += 200) {
    await Promise.all(
      tokens.slice(i, i + 200).map(
        (token) =>
          new Promise<void>((resolve, reject) => {
            const ws = new WebSocket(url, ['coordina.v1']);
            ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
            ws.on('message', (data) => {
              const f = JSON.parse(data.toString());
              if (f.type === 'ready') resolve();
              onFrame(f);
            });
            ws.on('error', reject);
            sockets.push(ws);
          }),
      ),
    );
  }
  return sockets;
}

/** Sends `count` messages at `rate` per second; `send(i)` starts message i and is not awaited (open loop). */
async function openLoop(count: number, rate: number, send: (i: number) => void): Promise<void> {
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const now = performance.now();
    if (due > now) await wait(due - now);
    send(i);
  }
}

/** Waits until `done()` or `ms` passed (the bench records what arrived; a timeout counts as lost). */
async function until(done: () => boolean, ms: number): Promise<void> {
  const end = performance.now() + ms;
  while (!done() && performance.now() < end) await wait(20);
}

/**
 * Chat fan-out on the embedded topology: chat messaging in this process, `members` sockets of
 * one group open to it, one member sending `rate` messages a second over HTTP; per message,
 * the time from its send to the last member's socket receiving it. Beside it, a raw `ws`
 * server broadcasting each frame to as many clients (no auth, no database, no events).
 */
export async function chatFanoutBench(
  pgUrl: string,
  members: number,
  rate: number,
  seconds: number,
): Promise<ChatFanoutResult> {
  const config = loadConfig(
    {
      mode: 'embedded',
      port: 0,
      host: '127.0.0.1',
      postgresUrl: pgUrl,
      dbPrefix: uniquePrefix(),
      seedDemo: false,
      logLevel: 'warn',
      rateLimit: { perUserPerMinute: 100_000_000, perIpPerMinute: 100_000_000 },
    },
    {},
  );
  const app = await CoordinaApp.boot({ config, services: [messagingService] });
  const base = `http://127.0.0.1:${await app.listen()}`;
  const count = rate * seconds;
  try {
    const signer = new AccessTokens(config.jwtSecret, 3600);
    const ids = Array.from({ length: members }, () => crypto.randomUUID());
    const tokens = await Promise.all(
      ids.map((id) => signer.sign({ id, email: `${id}@bench.test`, roles: ['client'] })),
    );
    const [sender, ...others] = ids;
    const created = await fetch(`${base}/api/chat/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ memberIds: others, title: 'bench' }),
    });
    if (created.status !== 201) throw new Error(`group: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const sentAt = new Map<string, number>();
    const last = new Map<string, number>();
    const got = new Map<string, number>();
    const sockets = await openAll(`${base.replace('http', 'ws')}/api/chat/ws`, tokens, (f) => {
      if (f.type !== 'message') return;
      const clientId = (f.message as { clientId: string }).clientId;
      last.set(clientId, performance.now());
      got.set(clientId, (got.get(clientId) ?? 0) + 1);
    });
    await openLoop(count, rate, (i) => {
      const clientId = `b${i}`;
      sentAt.set(clientId, performance.now());
      void fetch(`${base}/api/chat/conversations/${id}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientId, text: `m${i}` }),
      }).then((r) => r.arrayBuffer());
    });
    await until(() => [...sentAt.keys()].every((k) => got.get(k) === members), 30_000);
    for (const s of sockets) s.terminate();
    const times = [...sentAt].flatMap(([k, t]) => (got.get(k) === members ? [(last.get(k) ?? t) - t] : []));
    const raw = await rawBroadcast(members, rate, seconds);
    void sender;
    return {
      members,
      rate,
      messages: count,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      rawP50: percentile(raw, 50),
      rawP99: percentile(raw, 99),
      lost: count - times.length,
    };
  } finally {
    await app.close();
  }
}

/** A raw `ws` broadcast server in this process: each frame a client sends goes to every client. */
async function rawBroadcast(members: number, rate: number, seconds: number): Promise<number[]> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      for (const c of wss.clients) c.send(data);
    });
  });
  const port = (wss.address() as { port: number }).port;
  const last = new Map<string, number>();
  const got = new Map<string, number>();
  const clients: WebSocket[] = [];
  for (let i = 0; i < members; i++) {
    const ws = new WebSocket(`ws://127.0.0.1:${port}`);
    ws.on('message', (data) => {
      const k = data.toString();
      last.set(k, performance.now());
      got.set(k, (got.get(k) ?? 0) + 1);
    });
    clients.push(ws);
    await new Promise((r) => ws.once('open', r));
  }
  const sentAt = new Map<string, number>();
  const sender = clients[0] as WebSocket;
  await openLoop(rate * seconds, rate, (i) => {
    sentAt.set(`r${i}`, performance.now());
    sender.send(`r${i}`);
  });
  await until(() => [...sentAt.keys()].every((k) => got.get(k) === members), 30_000);
  for (const c of clients) c.terminate();
  await new Promise((r) => wss.close(r));
  return [...sentAt].flatMap(([k, t]) => (got.get(k) === members ? [(last.get(k) ?? t) - t] : []));
}

/**
 * `sockets` signed-in sockets held by one embedded gateway: the clients run in a child process
 * (one process cannot hold both ends of 10,000 sockets within the file limit); this process's
 * memory before and after, per socket, and the sockets that failed to open or sign in.
 */
export async function chatSocketsBench(pgUrl: string, sockets: number): Promise<ChatSocketsResult> {
  const config = loadConfig(
    {
      mode: 'embedded',
      port: 0,
      host: '127.0.0.1',
      postgresUrl: pgUrl,
      dbPrefix: uniquePrefix(),
      seedDemo: false,
      logLevel: 'warn',
      rateLimit: { perUserPerMinute: 100_000_000, perIpPerMinute: 100_000_000 },
    },
    {},
  );
  const app = await CoordinaApp.boot({ config, services: [messagingService] });
  const base = `ws://127.0.0.1:${await app.listen()}/api/chat/ws`;
  try {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const child = fork(join(__dirname, 'chat.clients.js'), [base, String(sockets)], {
      env: { ...process.env, BENCH_JWT_SECRET: config.jwtSecret },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const opened = await new Promise<{ ok: number; errors: number }>((resolve, reject) => {
      child.once('message', (m) => resolve(m as { ok: number; errors: number }));
      child.once('exit', (code) => reject(new Error(`socket clients exited with ${code}`)));
    });
    global.gc?.();
    const after = process.memoryUsage().rss;
    child.kill();
    return {
      sockets: opened.ok,
      bytesPerSocket: opened.ok > 0 ? Math.round((after - before) / opened.ok) : 0,
      errors: opened.errors + (sockets - opened.ok - opened.errors),
    };
  } finally {
    await app.close();
  }
}
