import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { catalogService } from '@coordina/gamevault-catalog';
import { AccessTokens, type EventContract, type EventData, type Role, sql } from '@coordina/platform';
import type { ServiceRuntime } from '@coordina/platform/runtime';
import { eventually, startTestApp, type TestApp, type TestResponse } from '@coordina/platform/testing';
import { logisticsService } from '../src';
import { EntregaPreparar } from '../src/contracts';

export interface Caller {
  id: string;
  token: string;
}

/** The catalog and logistics on one test app: sellers, products, key uploads and fulfilment commands. */
export class LogisticsFixture {
  private constructor(
    readonly app: TestApp,
    readonly seller: Caller,
  ) {}

  static async start(env: NodeJS.ProcessEnv = {}): Promise<LogisticsFixture> {
    const app = await startTestApp({
      services: [catalogService, logisticsService],
      env: { GAMEVAULT_LOGISTICS_SANDBOX_STEP_MS: '100', ...env },
    });
    const id = randomUUID();
    const token = await sign(app, id, ['seller']);
    return new LogisticsFixture(app, { id, token });
  }

  get ctx(): ServiceRuntime {
    const ctx = this.app.contexts.get('gamevault-logistics');
    assert.ok(ctx);
    return ctx;
  }

  async caller(roles: Role[] = ['buyer'], id = randomUUID()): Promise<Caller> {
    return { id, token: await sign(this.app, id, roles) };
  }

  /** A new product of the fixture's seller; its id. */
  async product(format: 'digital' | 'physical', seller: Caller = this.seller): Promise<string> {
    const r = await this.app.fetch('/api/gamevault/products', {
      token: seller.token,
      json: {
        title: `Juego ${randomUUID().slice(0, 8)}`,
        console: 'pc',
        genre: 'rpg',
        condition: 'new',
        format,
        priceCents: 9_900,
        stock: 100,
      },
    });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  }

  upload(productId: string, keys: string[], who: Caller = this.seller): Promise<TestResponse> {
    return this.app.fetch(`/api/gamevault/logistics/products/${productId}/keys`, { token: who.token, json: { keys } });
  }

  fulfilment(orderId: string, who: Caller): Promise<TestResponse> {
    return this.app.fetch(`/api/gamevault/logistics/orders/${orderId}`, { token: who.token });
  }

  async send<C extends EventContract>(c: C, data: EventData<C>): Promise<void> {
    await this.ctx.db.transaction((tx) => this.ctx.bus.publish(tx, c, data));
  }

  /** entrega.preparar for an order of `buyer` (its saga id is its id): `[productId, format, quantity]` lines. */
  prepare(orderId: string, buyer: Caller, lines: [string, 'digital' | 'physical', number][]): Promise<void> {
    return this.send(EntregaPreparar, {
      sagaId: orderId,
      orderId,
      userId: buyer.id,
      lines: lines.map(([productId, format, quantity]) => ({ productId, format, quantity, title: 'Juego' })),
    });
  }

  /** The replies logistics published for an order. */
  async replies(orderId: string): Promise<{ topic: string; data: { reason?: string; keysDelivered?: number } }[]> {
    const r = await sql<{ topic: string; data: { reason?: string; keysDelivered?: number } }>`SELECT topic,
        event->'data' AS data FROM coordina_outbox
      WHERE key = ${orderId} AND topic IN ('entrega.preparada', 'entrega.fallida') ORDER BY id`.execute(this.ctx.db.db);
    return r.rows;
  }

  /** The reply to an order's fulfilment, once there is one. */
  reply(orderId: string): Promise<{ topic: string; data: { reason?: string; keysDelivered?: number } }> {
    return eventually(async () => (await this.replies(orderId))[0]);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}

function sign(app: TestApp, id: string, roles: Role[]): Promise<string> {
  return new AccessTokens(app.config.jwtSecret, 3600).sign({ id, email: `${id.slice(0, 8)}@example.test`, roles });
}
