import { AccessTokens, MINTED_SIGN_IN } from '@coordina/platform';

/** What the parent (gamevault-reviews.bench.ts) asks: `readers` distinct readers, one page each. */
export interface ReadCommand {
  kind: 'read';
  base: string;
  products: string[];
  sorts: string[];
  jwtSecret: string;
  readers: number;
  concurrency: number;
}

/** The answer: each read's time (ms, sorted) and the reads that did not answer 200. */
export interface ReadReport {
  kind: 'read';
  times: number[];
  failed: string[];
}

/**
 * The readers of the GameVault reviews bench, in a process of their own, as chat.clients.ts
 * does for sockets: the service under test keeps its thread to itself, and a read's time is the
 * server's answer plus loopback, not the wait behind the other clients' JavaScript. Each reader
 * is a distinct signed-in user (its token minted before the reads start); `concurrency`
 * clients read one page each in turn, a random product and sort, with undici's `fetch`.
 */
async function read(c: ReadCommand): Promise<ReadReport> {
  const signer = new AccessTokens(c.jwtSecret, 3600);
  const tokens = await Promise.all(
    Array.from({ length: c.readers }, () => {
      const id = crypto.randomUUID();
      return signer.sign({ id, email: `${id}@bench.test`, roles: ['client'], ...MINTED_SIGN_IN });
    }),
  );
  const times: number[] = [];
  const failed: string[] = [];
  let next = 0;
  const client = async () => {
    while (next < c.readers) {
      const i = next++;
      const url = `${c.base}/api/gamevault/products/${c.products[i % c.products.length]}/reviews?sort=${c.sorts[i % c.sorts.length]}`;
      const t0 = performance.now();
      const res = await fetch(url, { headers: { authorization: `Bearer ${tokens[i]}` } });
      const text = await res.text();
      if (res.status === 200) JSON.parse(text);
      else failed.push(`GET ${url}: ${res.status} ${text.slice(0, 200)}`);
      times.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: c.concurrency }, client));
  times.sort((a, b) => a - b);
  return { kind: 'read', times, failed };
}

process.on('message', (c: ReadCommand) => {
  read(c).then(
    (r) => process.send?.(r),
    (err: unknown) => process.send?.({ kind: 'read', times: [], failed: [String(err)] } satisfies ReadReport),
  );
});
