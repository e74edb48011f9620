import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { paymentsService } from '@coordina/payments';
import { sql } from '@coordina/platform';
import type { ServiceRuntime } from '@coordina/platform/runtime';
import { eventually, startTestApp, type TestApp, type TestResponse, testUser } from '@coordina/platform/testing';
import { channelsService } from '../src';

export interface ChatUser {
  id: string;
  token: string;
}

/**
 * Channels and payments on a test app: fan-out batches of 2 (so a handful of subscribers spans
 * batches), a 6 s paid period renewed 2 s before its end, sweeps every 200 ms, digests of what
 * stayed unseen for 4 s.
 */
export const CHANNELS_TEST_ENV = {
  CHAT_CHANNELS_FANOUT_BATCH: '2',
  CHAT_CHANNELS_PERIOD_MS: '6000',
  CHAT_CHANNELS_RENEW_AHEAD_MS: '2000',
  CHAT_CHANNELS_SWEEP_MS: '200',
  CHAT_CHANNELS_DIGEST_AFTER_MS: '4000',
};

export class ChannelsFixture {
  private constructor(readonly app: TestApp) {}

  static async start(env: Record<string, string> = CHANNELS_TEST_ENV): Promise<ChannelsFixture> {
    const app = await startTestApp({
      services: [channelsService, paymentsService],
      config: { sandboxWebhookDelayMs: 20 },
      env,
    });
    return new ChannelsFixture(app);
  }

  get ctx(): ServiceRuntime {
    const ctx = this.app.contexts.get('chat-channels');
    assert.ok(ctx);
    return ctx;
  }

  user(): Promise<ChatUser> {
    return testUser(this.app, ['client']);
  }

  async users(n: number): Promise<ChatUser[]> {
    return Promise.all(Array.from({ length: n }, () => this.user()));
  }

  async channel(owner: ChatUser, monthlyPriceCents?: number): Promise<string> {
    const r = await this.app.fetch('/api/chat/channels', {
      token: owner.token,
      json: { title: `Canal ${randomUUID().slice(0, 6)}`, ...(monthlyPriceCents ? { monthlyPriceCents } : {}) },
    });
    assert.equal(r.status, 201, r.text);
    return r.body.id;
  }

  post(by: ChatUser, channelId: string, text: string): Promise<TestResponse> {
    return this.app.fetch(`/api/chat/channels/${channelId}/posts`, { token: by.token, json: { text } });
  }

  subscribe(by: ChatUser, channelId: string, body: Record<string, unknown> = {}): Promise<TestResponse> {
    return this.app.fetch(`/api/chat/channels/${channelId}/subscription`, {
      method: 'PUT',
      token: by.token,
      json: body,
    });
  }

  unsubscribe(by: ChatUser, channelId: string): Promise<TestResponse> {
    return this.app.fetch(`/api/chat/channels/${channelId}/subscription`, { method: 'DELETE', token: by.token });
  }

  get(by: ChatUser, path: string): Promise<TestResponse> {
    return this.app.fetch(path, { token: by.token });
  }

  /** The caller's subscription once it satisfies `ok` (waits for the saga and the webhook). */
  async subscriptionWhen(by: ChatUser, channelId: string, ok: (s: Record<string, unknown>) => boolean) {
    return eventually(
      async () => {
        const r = await this.get(by, `/api/chat/channels/${channelId}`);
        return r.body?.subscription && ok(r.body.subscription) ? r.body.subscription : undefined;
      },
      30_000,
      100,
    );
  }

  /** The `data` of every event of `topic` in the outbox for this key, oldest first. */
  async events<T>(topic: string, key: string): Promise<T[]> {
    const r = await sql<{ data: T }>`SELECT event->'data' AS data FROM coordina_outbox
      WHERE topic = ${topic} AND key = ${key} ORDER BY seq`.execute(this.ctx.db.db);
    return r.rows.map((row) => row.data);
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
