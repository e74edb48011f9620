import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import { assertProblem, eventually, type TestResponse } from '@coordina/platform/testing';
import { type Product, userIdOf } from './harness';

/** Chat messaging's search, blocks, reports and payments through the gateway, run unchanged on each topology. */
export function chatExtrasScenarios(name: string, start: () => Promise<Product>): void {
  describe(`Chat search, blocks, reports and payments end to end (${name})`, () => {
    let p: Product;
    let admin: string;

    const conversation = async (token: string, others: string[], title?: string): Promise<string> => {
      const r = await p.fetch('/api/chat/conversations', {
        token,
        json: { memberIds: others.map(userIdOf), ...(title ? { title } : {}) },
      });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const send = (token: string, id: string, text: string): Promise<TestResponse> =>
      p.fetch(`/api/chat/conversations/${id}/messages`, { token, json: { clientId: randomUUID(), text } });
    const say = async (token: string, id: string, text: string): Promise<{ id: string; seq: number }> => {
      const r = await send(token, id, text);
      assert.equal(r.status, 201, r.text);
      return r.body;
    };
    const users = (n: number): Promise<string[]> => Promise.all(Array.from({ length: n }, () => p.mint(randomUUID())));

    before(async () => {
      p = await start();
      const login = await p.fetch('/api/identity/login', {
        json: { email: DemoUsers.platformAdmin.email, password: p.demoPassword },
      });
      assert.equal(login.status, 200, login.text);
      admin = login.body.accessToken;
    });
    after(() => p?.close());

    it("finds a word in the caller's own conversations only, and not in deleted messages", async () => {
      const [ana, beto, eve] = (await users(3)) as [string, string, string];
      const word = `tucan${randomUUID().slice(0, 8)}`;
      const ours = await conversation(ana, [beto]);
      const group = await conversation(ana, [beto, eve], 'Aves');
      const theirs = await conversation(eve, [beto]);
      await say(ana, ours, `vi un ${word} en el parque`);
      await say(beto, group, `el ${word} del grupo`);
      await say(eve, theirs, `otro ${word} que Ana no ve`);
      const gone = await say(ana, ours, `un ${word} borrado`);
      const del = await p.fetch(`/api/chat/conversations/${ours}/messages/${gone.id}`, {
        method: 'DELETE',
        token: ana,
      });
      assert.equal(del.status, 204, del.text);

      const r = await p.fetch(`/api/chat/search?q=${word}`, { token: ana });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.body.items.map((m: { text: string }) => m.text).sort(), [
        `el ${word} del grupo`,
        `vi un ${word} en el parque`,
      ]);
      const eves = await p.fetch(`/api/chat/search?q=${word}`, { token: eve });
      assert.deepEqual(
        eves.body.items.map((m: { conversationId: string }) => m.conversationId).sort(),
        [group, theirs].sort(),
      );
      assertProblem(await p.fetch(`/api/chat/search?q=${word}`), { status: 401 });
    });

    it('refuses a blocked user a 1:1 with the blocker and sends into it, with a 403 problem naming the reason', async () => {
      const [ana, beto] = (await users(2)) as [string, string];
      const id = await conversation(ana, [beto]);
      const block = await p.fetch(`/api/chat/blocks/${userIdOf(beto)}`, { method: 'PUT', token: ana });
      assert.equal(block.status, 204, block.text);
      assertProblem(await send(beto, id, '¿por qué?'), { status: 403, code: 'BLOCKED_BY_USER' });
      assertProblem(await p.fetch('/api/chat/conversations', { token: beto, json: { memberIds: [userIdOf(ana)] } }), {
        status: 403,
        code: 'BLOCKED_BY_USER',
      });
      const unblock = await p.fetch(`/api/chat/blocks/${userIdOf(beto)}`, { method: 'DELETE', token: ana });
      assert.equal(unblock.status, 204, unblock.text);
      await say(beto, id, 'gracias');
    });

    it('stores a report once per reporter and shows it to admins', async () => {
      const [ana, beto] = (await users(2)) as [string, string];
      const id = await conversation(ana, [beto]);
      const msg = await say(ana, id, 'compra seguidores baratos');
      const report = () =>
        p.fetch(`/api/chat/conversations/${id}/messages/${msg.id}/report`, { token: beto, json: { reason: 'spam' } });
      const first = await report();
      assert.equal(first.status, 201, first.text);
      assertProblem(await report(), { status: 409, code: 'ALREADY_REPORTED' });
      assertProblem(await p.fetch('/api/chat/reports', { token: beto }), { status: 403 });
      const list = await p.fetch('/api/chat/reports?limit=200', { token: admin });
      assert.equal(list.status, 200, list.text);
      const found = list.body.items.filter((r: { messageId: string }) => r.messageId === msg.id);
      assert.deepEqual(
        found.map((r: { reporterId: string; text: string }) => [r.reporterId, r.text]),
        [[userIdOf(beto), 'compra seguidores baratos']],
      );
    });

    it("lets a group's creator add a member, who then reads and writes, and remove one, who then cannot", async () => {
      const [ana, beto, caro, dani] = (await users(4)) as [string, string, string, string];
      const id = await conversation(ana, [beto, caro], 'Equipo');
      await say(beto, id, 'bienvenida');
      const add = (token: string) =>
        p.fetch(`/api/chat/conversations/${id}/members`, { token, json: { memberIds: [userIdOf(dani)] } });
      assertProblem(await add(beto), { status: 403, code: 'FORBIDDEN' });
      const added = await add(ana);
      assert.equal(added.status, 200, added.text);
      assert.equal(added.body.memberIds.length, 4);
      const page = await p.fetch(`/api/chat/conversations/${id}/messages`, { token: dani });
      assert.deepEqual(
        page.body.items.map((m: { text: string }) => m.text),
        ['bienvenida'],
      );
      await say(dani, id, 'gracias');
      const removed = await p.fetch(`/api/chat/conversations/${id}/members/${userIdOf(caro)}`, {
        method: 'DELETE',
        token: ana,
      });
      assert.equal(removed.status, 204, removed.text);
      assertProblem(await send(caro, id, 'hola?'), { status: 404, code: 'NOT_FOUND' });
    });

    describe('money sent to a member', () => {
      const pay = (token: string, id: string, body: Record<string, unknown>, key = randomUUID()) =>
        p.fetch(`/api/chat/conversations/${id}/payments`, { token, json: body, headers: { 'idempotency-key': key } });
      /** The payment message once the provider's webhook settled it. */
      const settled = (token: string, id: string, seq: number) =>
        eventually(
          async () => {
            const r = await p.fetch(`/api/chat/conversations/${id}/messages?after=${seq - 1}&limit=1`, { token });
            const m = r.body?.items?.[0];
            return m && m.payment.status !== 'pending' ? m : undefined;
          },
          30_000,
          150,
        );

      it('goes from pending to paid when the provider webhook confirms the charge; a retried key pays once', async () => {
        const [ana, beto] = (await users(2)) as [string, string];
        const id = await conversation(ana, [beto]);
        const body = {
          clientId: 'almuerzo',
          toUserId: userIdOf(beto),
          amountCents: 3_500,
          paymentMethod: 'pm_card_visa',
        };
        const key = randomUUID();
        const sent = await pay(ana, id, body, key);
        assert.equal(sent.status, 201, sent.text);
        const retried = await pay(ana, id, body, key);
        assert.deepEqual(retried.body, sent.body, 'the Idempotency-Key replays the answer');
        const m = await settled(beto, id, sent.body.seq);
        assert.deepEqual(
          [m.kind, m.senderId, m.payment.status, m.payment.amountCents, m.payment.toUserId],
          ['payment', userIdOf(ana), 'paid', 3_500, userIdOf(beto)],
        );
        const charge = await p.fetch(`/api/payments/${sent.body.paymentId}`, { token: ana });
        assert.equal(charge.status, 200, charge.text);
        assert.equal(charge.body.amount, 3_500);
        const page = await p.fetch(`/api/chat/conversations/${id}/messages`, { token: ana });
        assert.equal(page.body.items.filter((x: { kind: string }) => x.kind === 'payment').length, 1);
      });

      it('goes from pending to failed when the provider declines the method', async () => {
        const [ana, beto, caro] = (await users(3)) as [string, string, string];
        const id = await conversation(ana, [beto, caro], 'Regalo');
        const sent = await pay(caro, id, {
          clientId: 'regalo',
          toUserId: userIdOf(ana),
          amountCents: 1_000,
          paymentMethod: 'pm_card_chargeDeclined',
        });
        assert.equal(sent.status, 201, sent.text);
        const m = await settled(ana, id, sent.body.seq);
        assert.equal(m.payment.status, 'failed');
        assert.match(m.payment.reason, /decline/);
      });

      it('refuses paying oneself and a non-member, naming the field', async () => {
        const [ana, beto, eve] = (await users(3)) as [string, string, string];
        const id = await conversation(ana, [beto]);
        const base = { clientId: 'x', amountCents: 1_000, paymentMethod: 'pm_card_visa' };
        for (const to of [ana, eve]) {
          assertProblem(await pay(ana, id, { ...base, toUserId: userIdOf(to) }), {
            status: 400,
            field: 'body.toUserId',
          });
        }
      });
    });
  });
}
