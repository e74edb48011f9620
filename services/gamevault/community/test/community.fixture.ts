import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { catalogService } from '@coordina/gamevault-catalog';
import { PedidoCancelado, PedidoPagado } from '@coordina/gamevault-orders/contracts';
import { PagoReembolsado } from '@coordina/payments/contracts';
import { AccessTokens, type Role, sql } from '@coordina/platform';
import type { ServiceRuntime } from '@coordina/platform/runtime';
import { eventually, startTestApp, type TestApp, type TestResponse } from '@coordina/platform/testing';
import { communityService } from '../src';

export interface User {
  id: string;
  token: string;
}

/**
 * The catalog and the community on one test app: users with tokens, products published by a
 * seller, purchases as orders' pedido.pagado facts, and reviews followed through moderation.
 */
export class CommunityFixture {
  seller!: User;
  admin!: User;

  private constructor(readonly app: TestApp) {}

  static async start(env: NodeJS.ProcessEnv = {}): Promise<CommunityFixture> {
    const app = await startTestApp({ services: [catalogService, communityService], env });
    const f = new CommunityFixture(app);
    f.seller = await f.user(['seller']);
    f.admin = await f.user(['gamevault_admin']);
    return f;
  }

  ctx(service: 'gamevault-community' | 'gamevault-catalog'): ServiceRuntime {
    const ctx = this.app.contexts.get(service);
    assert.ok(ctx, service);
    return ctx;
  }

  async user(roles: Role[] = ['buyer'], id = randomUUID()): Promise<User> {
    const token = await new AccessTokens(this.app.config.jwtSecret, 3600).sign({
      id,
      email: `${id.slice(0, 8)}@example.test`,
      roles,
    });
    return { id, token };
  }

  /** A new product of the fixture's seller; its id. */
  async product(): Promise<string> {
    const r = await this.app.fetch('/api/gamevault/products', {
      token: this.seller.token,
      json: {
        title: `Juego ${randomUUID().slice(0, 8)}`,
        console: 'switch',
        genre: 'rpg',
        condition: 'new',
        format: 'digital',
        priceCents: 5_000,
        stock: 100,
      },
    });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  }

  /**
   * The fact orders publishes when an order is paid; resolves once the community has recorded
   * it, with the order and its payment.
   */
  async buy(
    buyer: User,
    productId: string,
    orderId: string = randomUUID(),
    paymentId: string = randomUUID(),
  ): Promise<{ orderId: string; paymentId: string }> {
    const line = { productId, title: 'Juego', format: 'digital' as const, unitPriceCents: 5_000, quantity: 1 };
    const community = this.ctx('gamevault-community');
    await community.db.transaction((tx) =>
      community.bus.publish(tx, PedidoPagado, {
        orderId,
        userId: buyer.id,
        paymentId,
        items: [{ ...line, lineTotalCents: 5_000 }],
        totals: { currency: 'PEN', subtotalCents: 5_000, discountCents: 0, igvCents: 900, totalCents: 5_900 },
        at: new Date().toISOString(),
      }),
    );
    await eventually(async () => {
      const r = await sql`SELECT 1 FROM purchases WHERE order_id = ${orderId} AND product_id = ${productId}`.execute(
        community.db.db,
      );
      return r.rows.length > 0;
    });
    return { orderId, paymentId };
  }

  /** Orders' pedido.cancelado, or payments' pago.reembolsado (a full refund); resolves once the community has it. */
  async takeBack(buyer: User, what: { orderId: string } | { paymentId: string }): Promise<void> {
    const community = this.ctx('gamevault-community');
    const at = new Date().toISOString();
    await community.db.transaction((tx) =>
      'orderId' in what
        ? community.bus.publish(tx, PedidoCancelado, { orderId: what.orderId, userId: buyer.id, reason: 'test', at })
        : community.bus.publish(tx, PagoReembolsado, {
            paymentId: what.paymentId,
            userId: buyer.id,
            amount: 5_900,
            currency: 'PEN',
            reference: 'gamevault:test',
            reason: 'devuelto',
          }),
    );
    const id = 'orderId' in what ? what.orderId : what.paymentId;
    await eventually(async () => {
      const r = await sql`SELECT 1 FROM purchase_revocations WHERE id = ${id}`.execute(community.db.db);
      return r.rows.length > 0;
    });
  }

  review(user: User, productId: string, json: unknown): Promise<TestResponse> {
    return this.app.fetch(`/api/gamevault/products/${productId}/reviews`, { token: user.token, json });
  }

  /** The review as its author sees it once it left `pending`. */
  settled(user: User, reviewId: string): Promise<{ status: string; rating: number; helpfulCount: number }> {
    return eventually(async () => {
      const r = await this.app.fetch(`/api/gamevault/reviews/${reviewId}`, { token: user.token });
      return r.status === 200 && r.body.status !== 'pending' ? r.body : undefined;
    });
  }

  /** The ids of a product's public reviews for a query string. */
  async listed(productId: string, query = ''): Promise<string[]> {
    const r = await this.app.fetch(`/api/gamevault/products/${productId}/reviews${query}`);
    assert.equal(r.status, 200, r.text);
    return r.body.items.map((i: { id: string }) => i.id);
  }

  /** The catalog's product once its rating count is `count`. */
  rated(productId: string, count: number): Promise<{ ratingAvg: number; ratingCount: number }> {
    return eventually(async () => {
      const r = await this.app.fetch(`/api/gamevault/products/${productId}`);
      return r.body?.ratingCount === count ? r.body : undefined;
    });
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
