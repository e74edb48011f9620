import { catalogService } from '@coordina/gamevault-catalog';
import { logisticsService } from '@coordina/gamevault-logistics';
import { ordersService } from '@coordina/gamevault-orders';
import { paymentsService } from '@coordina/payments';
import { AccessTokens, Database, MINTED_SIGN_IN, sql, withDatabase } from '@coordina/platform';
import { databaseName } from '@coordina/platform/runtime';
import { bootBenchServices } from './service-app';
import { percentile } from './stats';

export interface GamevaultKeysResult {
  orders: number;
  /** From the sandbox's payment_intent.succeeded webhook being applied until the buyer's GET of the order shows the key: p50, p99, ms. */
  p50: number;
  p99: number;
}

const CLIENTS = 4;
const POLL_MS = 25;

/**
 * GameVault's digital delivery (issue 16): catalog, payments (its sandbox provider), orders and
 * logistics in this process (embedded). One digital product with `orders` keys uploaded by its
 * seller; `orders` buyers, 4 at a time, each put it in the cart, check out with a sandbox card
 * and poll GET /api/gamevault/orders/{id} every 25 ms until the key is there. The sandbox
 * reports the charge only by a signed webhook (decision 0005); the time runs from that webhook
 * being applied (`webhook_events.received_at` of its payment_intent.succeeded, PostgreSQL's
 * clock on this machine) through the order saga and logistics' Fulfil to the buyer's answer.
 */
export async function gamevaultKeysBench(pgUrl: string, orders: number): Promise<GamevaultKeysResult> {
  const services = [catalogService, paymentsService, logisticsService, ordersService];
  const { app, base, config, dbPrefix } = await bootBenchServices(pgUrl, services, {
    ...process.env,
    GAMEVAULT_LOGISTICS_SANDBOX_STEP_MS: '600000',
  });
  const payments = new Database(withDatabase(pgUrl, databaseName(dbPrefix, paymentsService.name)), { max: 2 });
  try {
    const signer = new AccessTokens(config.jwtSecret, 3600);
    const token = (roles: string[]) => {
      const id = crypto.randomUUID();
      return signer.sign({ id, email: `${id.slice(0, 8)}@bench.test`, roles, ...MINTED_SIGN_IN });
    };
    const call = async <T>(method: string, path: string, auth: string, json?: unknown): Promise<T> => {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${auth}`,
          ...(json === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(json === undefined ? {} : { body: JSON.stringify(json) }),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 200)}`);
      return JSON.parse(text) as T;
    };
    const seller = await token(['seller']);
    const product = await call<{ id: string }>('POST', '/api/gamevault/products', seller, {
      title: 'Bench digital key',
      console: 'pc',
      genre: 'rpg',
      condition: 'new',
      format: 'digital',
      priceCents: 4_900,
      stock: orders,
    });
    for (let i = 0; i < orders; i += 1000) {
      const keys = Array.from(
        { length: Math.min(1000, orders - i) },
        (_, j) => `BENCH-${String(i + j).padStart(6, '0')}`,
      );
      await call('POST', `/api/gamevault/logistics/products/${product.id}/keys`, seller, { keys });
    }

    const latencies: number[] = [];
    let next = 0;
    const client = async () => {
      while (next < orders) {
        next++;
        const buyer = await token(['buyer']);
        await call('PUT', `/api/gamevault/cart/items/${product.id}`, buyer, { quantity: 1 });
        const order = await call<{ id: string }>('POST', '/api/gamevault/orders', buyer, {
          paymentMethod: { provider: 'card', token: 'pm_card_visa' },
        });
        let seenAt = 0;
        let paymentId = '';
        const started = performance.now();
        for (;;) {
          const o = await call<{ status: string; keys: unknown[]; paymentId: string }>(
            'GET',
            `/api/gamevault/orders/${order.id}`,
            buyer,
          );
          if (o.keys.length > 0) {
            seenAt = Date.now();
            paymentId = o.paymentId;
            break;
          }
          if (o.status === 'CANCELLED') throw new Error(`order ${order.id} cancelled`);
          if (performance.now() - started > 60_000) throw new Error(`order ${order.id}: no key after 60 s`);
          await new Promise((r) => setTimeout(r, POLL_MS));
        }
        const r = await sql<{ at: Date }>`SELECT received_at AS "at" FROM webhook_events
          WHERE payment_id = ${paymentId} AND type = 'payment_intent.succeeded'`.execute(payments.db);
        const at = r.rows[0]?.at;
        if (!at) throw new Error(`payment ${paymentId}: no payment_intent.succeeded webhook applied`);
        latencies.push(seenAt - at.getTime());
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, client));
    latencies.sort((a, b) => a - b);
    return { orders, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
  } finally {
    await payments.close();
    await app.close();
  }
}
