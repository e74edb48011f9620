import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { AccessTokens, sql } from '@coordina/platform';
import type { ServiceRuntime } from '@coordina/platform/runtime';
import { startTestApp, type TestApp, type TestResponse } from '@coordina/platform/testing';
import { adsService } from '../src';

/** A user of the tests: an id and an access token for it. */
export interface AdsUser {
  id: string;
  token: string;
}

/** Chat ads on a test app, with users made on demand and helpers for its routes. */
export class AdsFixture {
  private constructor(readonly app: TestApp) {}

  static async start(): Promise<AdsFixture> {
    return new AdsFixture(await startTestApp({ services: [adsService] }));
  }

  get ctx(): ServiceRuntime {
    const ctx = this.app.contexts.get('chat-ads');
    assert.ok(ctx);
    return ctx;
  }

  async user(roles: string[] = ['client']): Promise<AdsUser> {
    const id = randomUUID();
    const token = await new AccessTokens(this.app.config.jwtSecret, 3600).sign({
      id,
      email: `${id}@example.test`,
      roles,
    });
    return { id, token };
  }

  async users(n: number): Promise<AdsUser[]> {
    return Promise.all(Array.from({ length: n }, () => this.user()));
  }

  advertiser(): Promise<AdsUser> {
    return this.user(['advertiser']);
  }

  /** A placement no other test uses, so only this test's campaigns compete for it. */
  placement(): string {
    return `p-${randomUUID().slice(0, 8)}`;
  }

  /** Creates a campaign (asserts the 201) at `placement`; its view. */
  async campaign(by: AdsUser, placement: string, over: Record<string, unknown> = {}) {
    const r = await this.app.fetch('/api/chat/ads/campaigns', {
      token: by.token,
      json: {
        creative: { title: 'Anuncio', text: 'Texto del anuncio', targetUrl: 'https://example.test/landing' },
        placements: [placement],
        budgetCents: 100_000,
        pricing: 'impression',
        priceCents: 10,
        frequencyCap: 100,
        ...over,
      },
    });
    assert.equal(r.status, 201, r.text);
    return r.body;
  }

  next(by: AdsUser, placement: string, extra = '', headers: Record<string, string> = {}): Promise<TestResponse> {
    return this.app.fetch(`/api/chat/ads/next?placement=${placement}${extra}`, { token: by.token, headers });
  }

  click(by: AdsUser, adId: string, token: string): Promise<TestResponse> {
    return this.app.fetch(`/api/chat/ads/${adId}/click`, { token: by.token, json: { token } });
  }

  profile(by: AdsUser, body: Record<string, unknown>): Promise<TestResponse> {
    return this.app.fetch('/api/chat/ads/profile', { method: 'PUT', token: by.token, json: body });
  }

  get(by: AdsUser, path: string): Promise<TestResponse> {
    return this.app.fetch(path, { token: by.token });
  }

  /** A count from the service's database. */
  async count(query: ReturnType<typeof sql<{ n: number }>>): Promise<number> {
    const r = await query.execute(this.ctx.db.db);
    return Number(r.rows[0]?.n ?? 0);
  }

  /** How many events of `topic` the service's outbox holds for this key. */
  events(topic: string, key: string): Promise<number> {
    return this.count(sql<{ n: number }>`SELECT count(*)::int AS n FROM coordina_outbox
      WHERE topic = ${topic} AND key = ${key}`);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
