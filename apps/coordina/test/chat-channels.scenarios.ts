import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import { Database, sql } from '@coordina/platform';
import { eventually, type TestResponse } from '@coordina/platform/testing';
import { type Product, signIn, userIdOf } from './harness';

/**
 * Settings the channel scenarios run with: an 8 s paid period renewed 1 s before its end and
 * sweeps every 300 ms, so a cancelled period is seen to end without sleeping through a month.
 */
export const CHANNELS_SCENARIO_ENV = {
  CHAT_CHANNELS_PERIOD_MS: '8000',
  CHAT_CHANNELS_RENEW_AHEAD_MS: '1000',
  CHAT_CHANNELS_SWEEP_MS: '300',
};

/** Chat channels through the gateway (and nginx with two gateways when distributed), run unchanged on each topology. */
export function chatChannelsScenarios(name: string, start: () => Promise<Product>): void {
  describe(`Chat channels end to end (${name})`, () => {
    let p: Product;
    let db: Database;
    let ana: string;
    let beto: string;

    const channel = async (token: string, monthlyPriceCents?: number): Promise<string> => {
      const r = await p.fetch('/api/chat/channels', {
        token,
        json: { title: `Canal ${randomUUID().slice(0, 6)}`, description: 'noticias', monthlyPriceCents },
      });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const subscribe = (token: string, id: string, json: Record<string, unknown> = {}): Promise<TestResponse> =>
      p.fetch(`/api/chat/channels/${id}/subscription`, { method: 'PUT', token, json });
    const post = async (token: string, id: string, text: string): Promise<string> => {
      const r = await p.fetch(`/api/chat/channels/${id}/posts`, { token, json: { text } });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const subscription = async (token: string, id: string, ok: (s: Record<string, unknown>) => boolean) =>
      eventually(
        async () => {
          const r = await p.fetch(`/api/chat/channels/${id}`, { token });
          return r.body?.subscription && ok(r.body.subscription) ? r.body.subscription : undefined;
        },
        60_000,
        200,
      );
    /** Who the fan-out told of a post, from the service's own records. */
    const notified = async (postId: string): Promise<string[]> => {
      const r = await sql<{ userId: string }>`SELECT user_id AS "userId" FROM post_notifications
        WHERE post_id = ${postId} ORDER BY user_id`.execute(db.db);
      return r.rows.map((row) => row.userId);
    };

    before(async () => {
      p = await start();
      db = new Database(p.databaseUrl('chat-channels'), { max: 1 });
      ana = await signIn(p, DemoUsers.client.email);
      beto = await signIn(p, DemoUsers.buyer.email);
    });
    after(async () => {
      await db?.close();
      await p?.close();
    });

    it('tells subscribers of a post, not muted or unsubscribed ones; the feed shows it to every subscriber', async () => {
      const id = await channel(ana);
      const caro = await p.mint(randomUUID());
      const dani = await p.mint(randomUUID());
      for (const [token, json] of [
        [beto, {}],
        [caro, { muted: true }],
        [dani, {}],
      ] as const) {
        const r = await subscribe(token, id, json);
        assert.equal(r.status, 200, r.text);
      }
      const off = await p.fetch(`/api/chat/channels/${id}/subscription`, { method: 'DELETE', token: dani });
      assert.equal(off.status, 204, off.text);

      const postId = await post(ana, id, 'Hola a todos los suscriptores');
      const told = await eventually(async () => ((await notified(postId)).length > 0 ? notified(postId) : undefined));
      assert.deepEqual(told, [userIdOf(beto)], 'the muted and the unsubscribed are not told');
      const feed = async (token: string) =>
        (await p.fetch('/api/chat/feed', { token })).body.items.map((i: { id: string }) => i.id);
      assert.deepEqual(await feed(beto), [postId]);
      assert.deepEqual(await feed(caro), [postId], 'muted: no notification, the feed still has it');
      assert.deepEqual(await feed(dani), [], 'unsubscribed: nothing');
      const notOwner = await p.fetch(`/api/chat/channels/${id}/posts`, { token: beto, json: { text: 'yo también' } });
      assert.equal(notOwner.status, 403, notOwner.text);
      assert.equal(notOwner.body.code, 'NOT_CHANNEL_OWNER');
    });

    it('refuses a non-payer on a paid channel with a 402 problem and admits them once the webhook confirms', async () => {
      const id = await channel(ana, 1_990);
      const postId = await post(ana, id, 'Análisis exclusivo');
      const refused = await p.fetch(`/api/chat/channels/${id}/posts`, { token: beto });
      assert.equal(refused.status, 402, refused.text);
      assert.match(refused.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(refused.body.code, 'CHANNEL_SUBSCRIPTION_REQUIRED');
      const asked = await subscribe(beto, id, { paymentMethod: 'pm_card_visa' });
      assert.equal(asked.status, 200, asked.text);
      const active = await subscription(beto, id, (s) => s.status === 'active');
      assert.equal(active.hasAccess, true);
      const page = await p.fetch(`/api/chat/channels/${id}/posts`, { token: beto });
      assert.equal(page.status, 200, page.text);
      assert.deepEqual(
        page.body.items.map((i: { id: string }) => i.id),
        [postId],
      );
    });

    it('keeps a cancelled subscription until its period ends, then refuses it', async () => {
      const id = await channel(ana, 990);
      await post(ana, id, 'Primera entrega');
      const caro = await p.mint(randomUUID());
      assert.equal((await subscribe(caro, id, { paymentMethod: 'pm_card_visa' })).status, 200);
      await subscription(caro, id, (s) => s.status === 'active');
      const cancel = await p.fetch(`/api/chat/channels/${id}/subscription`, { method: 'DELETE', token: caro });
      assert.equal(cancel.status, 204, cancel.text);
      const kept = await subscription(caro, id, (s) => s.cancelledAt !== null);
      assert.equal(kept.hasAccess, true, 'access lasts until the paid period ends');
      assert.equal((await p.fetch(`/api/chat/channels/${id}/posts`, { token: caro })).status, 200);
      await subscription(caro, id, (s) => s.hasAccess === false);
      const after = await p.fetch(`/api/chat/channels/${id}/posts`, { token: caro });
      assert.equal(after.status, 402, after.text);
    });
  });
}
