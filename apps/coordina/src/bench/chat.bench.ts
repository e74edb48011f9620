import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { messagingService } from '@coordina/chat-messaging';
import { AccessTokens, type PlatformConfig } from '@coordina/platform';
import { CoordinaApp, loadConfig } from '@coordina/platform/runtime';
import { uniquePrefix } from '@coordina/platform/testing';
import { WebSocket, WebSocketServer } from 'ws';
import { cpuSeconds, machineQuiet } from './proc.stats';
import { percentile } from './stats';

export interface ChatFanoutResult {
  members: number;
  rate: number;
  messages: number;
  /** From the send (HTTP POST) to the last member's socket receiving it, ms. */
  p50: number;
  p99: number;
  /** From the send to its HTTP answer (201: stored, its fact in the outbox), ms: the part before the fan-out. */
  answerP50: number;
  answerP99: number;
  /** The same with a raw `ws` server broadcasting each frame to every client. */
  rawP50: number;
  rawP99: number;
  lost: number;
  /** Seconds waited after the sockets opened for the machine to be quiet (their sign-ins' presence work). */
  quietAfterSeconds: number;
  /**
   * CPU ms per message, from the first send until every member had it: the serving process
   * (chat: HTTP, database client, relay, consumer and sockets; raw: the broadcast) and the
   * socket clients' process. Unlike the latencies, these hardly move with the machine's load.
   */
  cpuMsPerMessage: { server: number; clients: number; rawServer: number; rawClients: number };
}

export interface ChatSocketsResult {
  sockets: number;
  bytesPerSocket: number;
  errors: number;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Wall-clock ms, comparable with the client process's (chat.clients.ts). */
const wallMs = (): number => performance.timeOrigin + performance.now();

type Got = Map<string, { n: number; last: number }>;

/** The client process (chat.clients.ts): opens sockets, counts what they receive, reports. */
class Clients {
  readonly #child: ChildProcess;

  /** CPU seconds the client process has used so far. */
  cpu(): number {
    return cpuSeconds(this.#child.pid);
  }

  constructor() {
    this.#child = fork(join(__dirname, 'chat.clients.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  }

  #ask<T>(command: object, kind: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onMessage = (m: { kind: string }) => {
        if (m.kind !== kind) return;
        this.#child.off('message', onMessage);
        this.#child.off('exit', onExit);
        resolve(m as T);
      };
      const onExit = (code: number | null) => reject(new Error(`the socket clients exited with ${code}`));
      this.#child.on('message', onMessage);
      this.#child.once('exit', onExit);
      this.#child.send(command);
    });
  }

  open(command: {
    url: string;
    tokens?: string[];
    count?: number;
    jwtSecret?: string;
  }): Promise<{ ok: number; errors: number }> {
    return this.#ask({ kind: 'open', batch: 200, ...command }, 'opened');
  }

  /** As the sender: `count` messages at `rate` a second (chat.clients.ts `sendAll`). */
  async send(command: {
    url: string;
    token: string;
    count: number;
    rate: number;
    warmUp: number;
  }): Promise<{ sentAt: [string, number][]; answered: number[] }> {
    const r = await this.#ask<{ sentAt?: [string, number][]; answered?: number[]; error?: string }>(
      { kind: 'send', ...command },
      'sent',
    );
    if (r.error || !r.sentAt || !r.answered) throw new Error(`the sender failed: ${r.error}`);
    return { sentAt: r.sentAt, answered: r.answered };
  }

  async report(): Promise<Got> {
    const r = await this.#ask<{ got: [string, { n: number; last: number }][] }>({ kind: 'report' }, 'report');
    return new Map(r.got);
  }

  /** Until every key sent reached `members` sockets, or 30 s passed; the times of those that did, sorted. */
  async latencies(sentAt: Map<string, number>, members: number): Promise<number[]> {
    const end = performance.now() + 30_000;
    let got = await this.report();
    while ([...sentAt.keys()].some((k) => got.get(k)?.n !== members) && performance.now() < end) {
      await wait(500);
      got = await this.report();
    }
    // Sorted for `percentile` (it takes a sorted list: in send order, "p50" was the 500th message's time).
    return [...sentAt]
      .flatMap(([k, t]) => {
        const g = got.get(k);
        return g?.n === members ? [g.last - t] : [];
      })
      .sort((a, b) => a - b);
  }

  stop(): void {
    this.#child.kill();
  }
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

/** Chat messaging alone in this process (its socket served here), without rate limits. */
async function bootChat(pgUrl: string): Promise<{ config: PlatformConfig; app: CoordinaApp }> {
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
  return { config, app: await CoordinaApp.boot({ config, services: [messagingService] }) };
}

/**
 * Chat fan-out on the embedded topology: chat messaging in this process, `members` sockets of
 * one group open to it, one member sending `rate` messages a second over HTTP (from a process of
 * its own, as the sockets' clients: a load generator does not share the server's loop); per message,
 * the time from its send to the last member's socket receiving it. Beside it, a raw `ws`
 * server broadcasting each frame to as many clients (no auth, no database, no events).
 */
export async function chatFanoutBench(
  pgUrl: string,
  members: number,
  rate: number,
  seconds: number,
): Promise<ChatFanoutResult> {
  const { config, app } = await bootChat(pgUrl);
  const base = `http://127.0.0.1:${await app.listen()}`;
  const count = rate * seconds;
  try {
    const signer = new AccessTokens(config.jwtSecret, 3600);
    const ids = Array.from({ length: members }, () => crypto.randomUUID());
    const tokens = await Promise.all(
      ids.map((id) => signer.sign({ id, email: `${id}@bench.test`, roles: ['client'] })),
    );
    const others = ids.slice(1);
    const created = await fetch(`${base}/api/chat/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' },
      body: JSON.stringify({ memberIds: others, title: 'bench' }),
    });
    if (created.status !== 201) throw new Error(`group: ${created.status} ${await created.text()}`);
    const { id } = (await created.json()) as { id: string };
    const clients = new Clients();
    const sender = new Clients();
    let times: number[];
    let answered: number[];
    let cpu: { server: number; clients: number };
    let quietAfterSeconds = 0;
    try {
      const opened = await clients.open({ url: `${base.replace('http', 'ws')}/api/chat/ws`, tokens });
      if (opened.ok !== members) throw new Error(`${opened.ok} of ${members} sockets opened`);
      // Like the other steady rows: measured once the machine is quiet, not while the 1,000
      // sign-ins just made are still being counted in (each socket's presence and its partners').
      quietAfterSeconds = (await machineQuiet()) / 1000;
      const cpu0 = { server: process.cpuUsage(), clients: clients.cpu() };
      const sent = await sender.send({
        url: `${base}/api/chat/conversations/${id}/messages`,
        token: tokens[0] as string,
        count,
        rate,
        // One second of the same load first, not measured (the events' steady rows do the same):
        // the first fan-out makes each socket's feed of the conversation and runs code not yet compiled.
        warmUp: rate,
      });
      const sentAt = new Map(sent.sentAt);
      answered = [...sent.answered].sort((a, b) => a - b);
      times = await clients.latencies(sentAt, members);
      const used = process.cpuUsage(cpu0.server);
      cpu = {
        // Over the warm-up's messages and the measured ones.
        server: (used.user + used.system) / 1000 / (count + rate),
        clients: ((clients.cpu() - cpu0.clients) * 1000) / (count + rate),
      };
    } finally {
      clients.stop();
      sender.stop();
    }
    const raw = await rawBroadcast(members, rate, seconds);
    return {
      members,
      rate,
      messages: count,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      answerP50: percentile(answered, 50),
      answerP99: percentile(answered, 99),
      rawP50: percentile(raw.times, 50),
      rawP99: percentile(raw.times, 99),
      lost: count - times.length,
      quietAfterSeconds,
      cpuMsPerMessage: { ...cpu, rawServer: raw.cpu.server, rawClients: raw.cpu.clients },
    };
  } finally {
    await app.close();
  }
}

/** A raw `ws` broadcast server in this process: each frame a client sends goes to every client. */
async function rawBroadcast(
  members: number,
  rate: number,
  seconds: number,
): Promise<{ times: number[]; cpu: { server: number; clients: number } }> {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((r) => wss.once('listening', r));
  wss.on('connection', (ws) => {
    ws.on('message', (data) => {
      for (const c of wss.clients) c.send(data);
    });
  });
  const port = (wss.address() as { port: number }).port;
  const clients = new Clients();
  try {
    const opened = await clients.open({ url: `ws://127.0.0.1:${port}`, count: members });
    if (opened.ok !== members) throw new Error(`${opened.ok} of ${members} raw sockets opened`);
    await machineQuiet();
    const sender = new WebSocket(`ws://127.0.0.1:${port}`);
    await new Promise((r) => sender.once('open', r));
    const sentAt = new Map<string, number>();
    const cpu0 = { server: process.cpuUsage(), clients: clients.cpu() };
    await openLoop(rate * seconds, rate, (i) => {
      sentAt.set(`r${i}`, wallMs());
      sender.send(`r${i}`);
    });
    // The sender is a member of the broadcast too: every key reaches members + 1 sockets, members of them counted.
    const times = await clients.latencies(sentAt, members);
    const used = process.cpuUsage(cpu0.server);
    const count = rate * seconds;
    const cpu = {
      server: (used.user + used.system) / 1000 / count,
      clients: ((clients.cpu() - cpu0.clients) * 1000) / count,
    };
    sender.terminate();
    return { times, cpu };
  } finally {
    clients.stop();
    await new Promise((r) => wss.close(r));
  }
}

/**
 * `sockets` signed-in sockets held by one embedded gateway: the clients run in a child process
 * (one process cannot hold both ends of 10,000 sockets within the file limit); this process's
 * memory before and after, per socket, and the sockets that failed to open or sign in.
 */
export async function chatSocketsBench(pgUrl: string, sockets: number): Promise<ChatSocketsResult> {
  const { config, app } = await bootChat(pgUrl);
  const base = `ws://127.0.0.1:${await app.listen()}/api/chat/ws`;
  try {
    global.gc?.();
    const before = process.memoryUsage().rss;
    const clients = new Clients();
    try {
      const opened = await clients.open({ url: base, count: sockets, jwtSecret: config.jwtSecret });
      global.gc?.();
      const after = process.memoryUsage().rss;
      return {
        sockets: opened.ok,
        bytesPerSocket: opened.ok > 0 ? Math.round((after - before) / opened.ok) : 0,
        errors: sockets - opened.ok,
      };
    } finally {
      clients.stop();
    }
  } finally {
    await app.close();
  }
}
