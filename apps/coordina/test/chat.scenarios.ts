import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import type { TestResponse } from '@coordina/platform/testing';
import { type Product, userIdOf } from './harness';

/** Chat messaging through the gateway (and nginx with two gateways when distributed), run unchanged on each topology. */
export function chatScenarios(name: string, start: () => Promise<Product>): void {
  describe(`Chat messaging end to end (${name})`, () => {
    let p: Product;
    let ana: string;
    let beto: string;

    const signIn = async (email: string): Promise<string> => {
      const login = await p.fetch('/api/identity/login', { json: { email, password: p.demoPassword } });
      assert.equal(login.status, 200, login.text);
      return login.body.accessToken;
    };
    const start1to1 = async (token: string, other: string): Promise<string> => {
      const r = await p.fetch('/api/chat/conversations', { token, json: { memberIds: [userIdOf(other)] } });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const send = (token: string, id: string, text: string, clientId: string = randomUUID()): Promise<TestResponse> =>
      p.fetch(`/api/chat/conversations/${id}/messages`, { token, json: { clientId, text } });
    const history = async (token: string, id: string, query = ''): Promise<{ seq: number; text: string }[]> => {
      const r = await p.fetch(`/api/chat/conversations/${id}/messages${query}`, { token });
      assert.equal(r.status, 200, r.text);
      return r.body.items;
    };

    before(async () => {
      p = await start();
      // Two demo accounts of different systems: chat is for every signed-in user.
      ana = await signIn(DemoUsers.client.email);
      beto = await signIn(DemoUsers.buyer.email);
    });
    after(() => p?.close());

    it('lets two signed-in users chat 1:1: one conversation per pair, history, unread counts, read receipts', async () => {
      const id = await start1to1(ana, beto);
      assert.equal(await start1to1(beto, ana), id, 'the pair has one 1:1 conversation');
      const first = await send(ana, id, 'hola Beto');
      assert.equal(first.status, 201, first.text);
      const second = await send(ana, id, '¿vienes mañana?');
      assert.equal(second.status, 201, second.text);
      assert.equal(second.body.seq, first.body.seq + 1);
      const reply = await send(beto, id, 'sí');
      assert.equal(reply.status, 201, reply.text);

      const list = await p.fetch('/api/chat/conversations', { token: ana });
      assert.equal(list.status, 200, list.text);
      const mine = list.body.items.find((c: { id: string }) => c.id === id);
      assert.ok(mine, list.text);
      assert.deepEqual([mine.kind, mine.lastMessage.text, mine.unread], ['direct', 'sí', 1]);
      const read = await p.fetch(`/api/chat/conversations/${id}/read`, {
        token: ana,
        json: { upToSeq: reply.body.seq },
      });
      assert.equal(read.status, 200, read.text);
      assert.equal((await p.fetch(`/api/chat/conversations/${id}`, { token: ana })).body.unread, 0);

      const seen = await history(beto, id, `?after=${first.body.seq}`);
      assert.deepEqual(
        seen.map((m) => m.text),
        ['¿vienes mañana?', 'sí'],
      );
    });

    it('numbers concurrent sends through every gateway without gaps and stores a retried clientId once', async () => {
      const caro = await p.mint(randomUUID());
      const id = (
        await p.fetch('/api/chat/conversations', {
          token: ana,
          json: { memberIds: [userIdOf(beto), userIdOf(caro)], title: 'Equipo' },
        })
      ).body.id;
      assert.ok(id);
      const senders = [ana, beto, caro];
      const sends = Array.from({ length: 30 }, (_, i) => send(senders[i % 3] as string, id, `m${i}`, `c-${i}`));
      const retries = Array.from({ length: 6 }, () => send(caro, id, 'una sola vez', 'retry-1'));
      const answers = await Promise.all([...sends, ...retries]);
      for (const r of answers) assert.equal(r.status, 201, r.text);
      assert.equal(new Set(answers.slice(30).map((r) => r.body.id)).size, 1, 'the retried clientId is one message');
      const items = await history(caro, id, '?limit=200');
      assert.deepEqual(
        items.map((m) => m.seq),
        Array.from({ length: 31 }, (_, i) => i + 1),
      );
      assert.equal(items.filter((m) => m.text === 'una sola vez').length, 1);
    });

    it('lets the sender alone edit and delete, and the other member sees both', async () => {
      const id = await start1to1(ana, beto);
      const sent = await send(beto, id, 'borrador');
      assert.equal(sent.status, 201, sent.text);
      const at = `/api/chat/conversations/${id}/messages/${sent.body.id}`;
      const notHis = await p.fetch(at, { method: 'PATCH', token: ana, json: { text: 'no' } });
      assert.equal(notHis.status, 403, notHis.text);
      assert.equal(notHis.body.code, 'NOT_MESSAGE_SENDER');
      const edited = await p.fetch(at, { method: 'PATCH', token: beto, json: { text: 'final' } });
      assert.equal(edited.status, 200, edited.text);
      const page = await history(ana, id, `?after=${sent.body.seq - 1}`);
      assert.equal(page[0]?.text, 'final');
      assert.equal((await p.fetch(at, { method: 'DELETE', token: beto })).status, 204);
      const gone = await history(ana, id, `?after=${sent.body.seq - 1}`);
      assert.deepEqual([gone[0]?.seq, gone[0]?.text], [sent.body.seq, null]);
    });

    it('refuses an outsider on every route of a conversation with a 404 problem, and anyone unsigned with a 401', async () => {
      const id = await start1to1(ana, beto);
      const sent = await send(ana, id, 'entre nosotros');
      assert.equal(sent.status, 201, sent.text);
      const eve = await p.mint(randomUUID());
      const base = `/api/chat/conversations/${id}`;
      const tries: [string, string, unknown?][] = [
        ['GET', base],
        ['GET', `${base}/messages`],
        ['POST', `${base}/messages`, { clientId: 'x', text: 'hola' }],
        ['PATCH', `${base}/messages/${sent.body.id}`, { text: 'x' }],
        ['DELETE', `${base}/messages/${sent.body.id}`],
        ['POST', `${base}/read`, { upToSeq: 1 }],
      ];
      for (const [method, path, json] of tries) {
        const r = await p.fetch(path, { method, token: eve, ...(json ? { json } : {}) });
        assert.equal(r.status, 404, `${method} ${path}: ${r.text}`);
        assert.match(r.headers.get('content-type') ?? '', /application\/problem\+json/);
        const anonymous = await p.fetch(path, { method, ...(json ? { json } : {}) });
        assert.equal(anonymous.status, 401, `${method} ${path} unsigned: ${anonymous.text}`);
      }
      const still = await history(ana, id, `?after=${sent.body.seq - 1}`);
      assert.deepEqual(
        still.map((m) => m.text),
        ['entre nosotros'],
      );
    });
  });
}
