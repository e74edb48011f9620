import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { catalogService } from '@coordina/gamevault-catalog';
import { logisticsService } from '@coordina/gamevault-logistics';
import { paymentsService } from '@coordina/payments';
import { AccessTokens, type Role, type ServiceManifest, sql } from '@coordina/platform';
import type { ServiceRuntime } from '@coordina/platform/runtime';
import { eventually, startTestApp, type TestApp, type TestResponse } from '@coordina/platform/testing';
import { ordersService } from '../src';

export interface Buyer {
  id: string;
  token: string;
}

/**
 * Catalog, payments (sandbox cards), logistics and orders on one test app, with a seller to
 * publish products, buyers, carts, checkouts and waiting for an order to settle. The sandbox
 * carrier is slowed to 10 minutes a step, so a fulfilled order of physical products stays
 * FULFILLED while a test reads it (the shipment's progress is logistics' and the scenarios' test).
 */
export class OrdersFixture {
  #seller = '';

  private constructor(readonly app: TestApp) {}

  static async start(
    env: NodeJS.ProcessEnv = {},
    services: readonly ServiceManifest[] = [catalogService, paymentsService, logisticsService, ordersService],
  ): Promise<OrdersFixture> {
    const app = await startTestApp({
      services,
      // Hundreds of buyers from one address: only the checkout's own limit (10 per user) counts.
      config: { rateLimit: { perUserPerMinute: 600, perIpPerMinute: 100_000 } },
      env: { GAMEVAULT_LOGISTICS_SANDBOX_STEP_MS: '600000', ...env },
    });
    const f = new OrdersFixture(app);
    f.#seller = (await f.buyer(['seller'])).token;
    return f;
  }

  ctx(service: 'gamevault-orders' | 'gamevault-catalog' | 'gamevault-logistics' | 'payments'): ServiceRuntime {
    const ctx = this.app.contexts.get(service);
    assert.ok(ctx, service);
    return ctx;
  }

  async buyer(roles: Role[] = ['buyer'], id = randomUUID()): Promise<Buyer> {
    const token = await new AccessTokens(this.app.config.jwtSecret, 3600).sign({
      id,
      email: `${id.slice(0, 8)}@example.test`,
      roles,
    });
    return { id, token };
  }

  /** A new product (physical unless told) with this stock and price; its id. */
  async product(stock: number, priceCents = 10_000, format: 'digital' | 'physical' = 'physical'): Promise<string> {
    const r = await this.app.fetch('/api/gamevault/products', {
      token: this.#seller,
      json: {
        title: `Juego ${randomUUID().slice(0, 8)}`,
        console: 'ps5',
        genre: 'action',
        condition: 'new',
        format,
        priceCents,
        stock,
      },
    });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  }

  async stock(productId: string): Promise<number> {
    const r = await sql<{ stock: number }>`SELECT stock FROM products WHERE id = ${productId}`.execute(
      this.ctx('gamevault-catalog').db.db,
    );
    return r.rows[0]?.stock ?? -1;
  }

  setItem(b: Buyer, productId: string, quantity: number): Promise<TestResponse> {
    return this.app.fetch(`/api/gamevault/cart/items/${productId}`, {
      method: 'PUT',
      token: b.token,
      json: { quantity },
    });
  }

  cart(b: Buyer): Promise<TestResponse> {
    return this.app.fetch('/api/gamevault/cart', { token: b.token });
  }

  /** Checks out with a card token, or any provider's payment method. */
  checkout(
    b: Buyer,
    method: string | Record<string, string> = 'pm_card_visa',
    key?: string,
    shippingAddress?: unknown,
  ): Promise<TestResponse> {
    const paymentMethod = typeof method === 'string' ? { provider: 'card', token: method } : method;
    return this.app.fetch('/api/gamevault/orders', {
      token: b.token,
      json: { paymentMethod, ...(shippingAddress === undefined ? {} : { shippingAddress }) },
      ...(key ? { headers: { 'idempotency-key': key } } : {}),
    });
  }

  order(b: Buyer, id: string): Promise<TestResponse> {
    return this.app.fetch(`/api/gamevault/orders/${id}`, { token: b.token });
  }

  /** Adds keys to a digital product's pool (as its seller). */
  async keys(productId: string, codes: string[]): Promise<void> {
    const r = await this.app.fetch(`/api/gamevault/logistics/products/${productId}/keys`, {
      token: this.#seller,
      json: { keys: codes },
    });
    assert.equal(r.status, 201, r.text);
  }

  /**
   * Waits until the order's saga is done: FULFILLED (or past it) or CANCELLED (read from the
   * orders database: no request budget).
   */
  async settled(id: string, timeoutMs = 15_000): Promise<string> {
    return eventually(async () => {
      const r = await sql<{ status: string }>`SELECT status FROM orders WHERE id = ${id}`.execute(
        this.ctx('gamevault-orders').db.db,
      );
      const s = r.rows[0]?.status;
      return s && !['PENDING', 'AWAITING_PAYMENT', 'PAID'].includes(s) ? s : undefined;
    }, timeoutMs);
  }

  /** Payments' rows for an order (one per charge asked for). */
  async payments(orderId: string): Promise<{ id: string; status: string; amount: number; provider: string }[]> {
    const r = await sql<{
      id: string;
      status: string;
      amount: number;
      provider: string;
    }>`SELECT id, status, amount, provider FROM payments
      WHERE reference = ${`gamevault:${orderId}`}`.execute(this.ctx('payments').db.db);
    return r.rows;
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
