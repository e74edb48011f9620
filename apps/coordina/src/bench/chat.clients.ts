import { AccessTokens } from '@coordina/platform';
import { WebSocket } from 'ws';

/**
 * The client side of the chat sockets bench, in its own process: opens N signed-in sockets
 * (distinct users), 500 at a time, tells the parent how many opened and failed, then holds them.
 */
async function main(): Promise<void> {
  const [url, n] = process.argv.slice(2);
  const total = Number(n);
  const signer = new AccessTokens(String(process.env.BENCH_JWT_SECRET), 3600);
  let ok = 0;
  let errors = 0;
  const held: WebSocket[] = [];
  for (let i = 0; i < total; i += 500) {
    const batch = Math.min(500, total - i);
    await Promise.all(
      Array.from({ length: batch }, async () => {
        const id = crypto.randomUUID();
        const token = await signer.sign({ id, email: `${id}@bench.test`, roles: ['client'] });
        await new Promise<void>((resolve) => {
          const ws = new WebSocket(String(url), ['coordina.v1']);
          held.push(ws);
          ws.on('open', () => ws.send(JSON.stringify({ type: 'auth', token })));
          ws.on('message', (data) => {
            if (JSON.parse(data.toString()).type === 'ready') {
              ok++;
              resolve();
            }
          });
          ws.on('error', () => {
            errors++;
            resolve();
          });
          ws.on('close', () => resolve());
        });
      }),
    );
  }
  process.send?.({ ok, errors });
  setInterval(() => undefined, 60_000);
}

void main();
