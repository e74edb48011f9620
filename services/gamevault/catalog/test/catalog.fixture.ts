import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { DemoUsers } from '@coordina/identity/demo';
import { AccessTokens, type Role } from '@coordina/platform';
import type { ServiceRuntime } from '@coordina/platform/runtime';
import { startTestApp, type TestApp, type TestResponse } from '@coordina/platform/testing';
import { catalogService } from '../src';

type Who = 'seller' | 'otherSeller' | 'admin' | 'buyer';

/** The catalog on a test app with its demo products, a token per role, and a product builder. */
export class CatalogFixture {
  readonly otherSellerId = randomUUID();
  readonly tokens = {} as Record<Who, string>;

  private constructor(readonly app: TestApp) {}

  static async start(env: NodeJS.ProcessEnv = {}): Promise<CatalogFixture> {
    const app = await startTestApp({ services: [catalogService], config: { seedDemo: true }, env });
    const f = new CatalogFixture(app);
    f.tokens.seller = await f.sign(DemoUsers.seller.id, ['seller']);
    f.tokens.otherSeller = await f.sign(f.otherSellerId, ['seller']);
    f.tokens.admin = await f.sign(randomUUID(), ['gamevault_admin']);
    f.tokens.buyer = await f.sign(DemoUsers.buyer.id, ['buyer']);
    return f;
  }

  get ctx(): ServiceRuntime {
    const ctx = this.app.contexts.get('gamevault-catalog');
    assert.ok(ctx);
    return ctx;
  }

  sign(id: string, roles: Role[]): Promise<string> {
    return new AccessTokens(this.app.config.jwtSecret, 3600).sign({ id, email: `${id}@example.test`, roles });
  }

  /** Publishes a product as `who` (the demo seller by default); the raw answer. */
  publish(fields: Record<string, unknown> = {}, who: Who = 'seller'): Promise<TestResponse> {
    return this.app.fetch('/api/gamevault/products', {
      token: this.tokens[who],
      json: {
        title: `Juego ${randomUUID().slice(0, 8)}`,
        console: 'ps5',
        genre: 'action',
        condition: 'new',
        format: 'physical',
        priceCents: 19_900,
        stock: 3,
        ...fields,
      },
    });
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
