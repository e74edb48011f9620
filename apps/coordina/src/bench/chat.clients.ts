import { AccessTokens } from '@coordina/platform';
import { Agent, request } from 'undici';
import { LeanSocket } from './lean-socket';
import { nowMs, openLoop } from './open-loop';

/** Wall-clock milliseconds with sub-millisecond precision, comparable across the bench's processes. */
const wallMs = nowMs;

type Command =
  | { kind: 'open'; url: string; tokens?: string[]; count?: number; jwtSecret?: string; batch: number }
  | { kind: 'report' }
  | { kind: 'send'; url: string; token: string; count: number; rate: number; warmUp: number };

/**
 * The client side of the chat benches, in a process of its own (the gateway's process keeps its
 * CPU and file descriptors): opens signed-in sockets (the tokens given, or `count` minted for
 * fresh users) or raw ones (no tokens: a plain broadcast server), `batch` at a time, and counts
 * per message key (a chat message's clientId, or a raw frame's text) how many sockets got it
 * and when the last did. The parent asks with `open` and `report`; another such process sends
 * the messages (`send`).
 */
async function open(c: Extract<Command, { kind: 'open' }>): Promise<void> {
  const signer = c.jwtSecret ? new AccessTokens(c.jwtSecret, 3600) : undefined;
  const total = c.tokens?.length ?? c.count ?? 0;
  let ok = 0;
  let errors = 0;
  for (let i = 0; i < total; i += c.batch) {
    await Promise.all(
      Array.from({ length: Math.min(c.batch, total - i) }, async (_, j) => {
        let token = c.tokens?.[i + j];
        if (!token && signer) {
          const id = crypto.randomUUID();
          token = await signer.sign({ id, email: `${id}@bench.test`, roles: ['client'] });
        }
        await new Promise<void>((resolve) => {
          let ready = false;
          let counted = false;
          const ws: LeanSocket = new LeanSocket(c.url, token ? ['coordina.v1'] : [], {
            open: () => {
              if (!token) {
                ok++;
                counted = true;
                return resolve();
              }
              ws.send(JSON.stringify({ type: 'auth', token }));
            },
            message: (data, start, end, binary) => {
              if (!token || binary) return count(data.toString('utf8', start, end));
              if (ready) {
                // Signed in: only the key is read, as the raw clients read theirs (a load generator must not
                // become the bottleneck: a full JSON.parse of 100,000 frames a second takes half a core).
                const key = messageKey(data, start, end);
                if (key !== undefined) count(key);
                return;
              }
              if ((JSON.parse(data.toString('utf8', start, end)) as { type: string }).type !== 'ready') return;
              ready = true;
              ok++;
              counted = true;
              resolve();
            },
            closed: () => {
              if (!counted) errors++;
              resolve();
            },
          });
          held.push(ws);
        });
      }),
    );
  }
  process.send?.({ kind: 'opened', ok, errors });
}

const MESSAGE = Buffer.from('{"type":"message"');
const CLIENT_ID = Buffer.from('"clientId":"');
const QUOTE = 0x22;

/** A `message` frame's clientId, read where it lies (its text is the server's JSON), without a string of the frame. */
function messageKey(data: Buffer, start: number, end: number): string | undefined {
  if (end - start < MESSAGE.length || data.compare(MESSAGE, 0, MESSAGE.length, start, start + MESSAGE.length) !== 0) {
    return undefined;
  }
  const at = data.indexOf(CLIENT_ID, start);
  if (at < 0 || at >= end) return undefined;
  const from = at + CLIENT_ID.length;
  const to = data.indexOf(QUOTE, from);
  return to < 0 || to >= end ? undefined : data.toString('latin1', from, to);
}

const held: LeanSocket[] = [];
const got = new Map<string, { n: number; last: number }>();
function count(key: string): void {
  const now = wallMs();
  const g = got.get(key);
  if (g) {
    g.n++;
    g.last = now;
  } else got.set(key, { n: 1, last: now });
}

/**
 * The sender, in a process of its own like the sockets (its HTTP client's CPU is not the
 * server's): `warmUp` messages then `count` more at `rate` a second, one open loop, each `POST`
 * with clientId `w<i>` (warm-up) or `b<i>` and text `m<i>`. Answers each measured key's send
 * time and its answer's time after it, in send order.
 */
async function sendAll(c: Extract<Command, { kind: 'send' }>): Promise<void> {
  const agent = new Agent({ connections: 64 });
  const dueAt = new Map<number, number>();
  const answered = new Map<number, number>();
  const run = await openLoop({
    rate: c.rate,
    seconds: c.count / c.rate,
    warmupSeconds: c.warmUp / c.rate,
    send: async (due) => {
      await Promise.all(
        due.map(async ({ i, at }) => {
          dueAt.set(i, at);
          const res = await request(c.url, {
            method: 'POST',
            dispatcher: agent,
            headers: { authorization: `Bearer ${c.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ clientId: clientIdOf(i, c.warmUp), text: `m${i}` }),
          });
          await res.body.dump();
          if (res.statusCode !== 201) throw new Error(`send ${clientIdOf(i, c.warmUp)}: ${res.statusCode}`);
          answered.set(i, wallMs() - at);
        }),
      );
    },
  });
  await agent.close();
  if (run.sendErrors > 0) return void process.send?.({ kind: 'sent', error: run.firstError });
  const measured = Array.from({ length: run.total - run.firstMeasured }, (_, k) => run.firstMeasured + k);
  process.send?.({
    kind: 'sent',
    // Latency from each message's due time (open-loop.ts): a sender that fell behind shows in it.
    sentAt: measured.map((i) => [clientIdOf(i, c.warmUp), dueAt.get(i) ?? Number.NaN]),
    answered: measured.map((i) => answered.get(i) ?? Number.NaN),
  });
}

/** Message i's clientId: `w<i>` in the warm-up, `b<n>` for the n-th measured one. */
function clientIdOf(i: number, warmUp: number): string {
  return i < warmUp ? `w${i}` : `b${i - warmUp}`;
}

process.on('message', (c: Command) => {
  if (c.kind === 'open') void open(c);
  else if (c.kind === 'send') void sendAll(c);
  else process.send?.({ kind: 'report', got: [...got] });
});
setInterval(() => undefined, 60_000);
