import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type Frame, TestSocket } from '@coordina/platform/testing';
import type { Product } from './harness';

interface User {
  id: string;
  token: string;
}

/**
 * Chat over real WebSockets through the gateways (and nginx when distributed: two users on
 * two different gateway instances), run unchanged on each topology.
 */
export function chatRealtimeScenarios(name: string, start: () => Promise<Product>): void {
  describe(`Chat realtime end to end (${name})`, () => {
    let p: Product;
    const sockets: TestSocket[] = [];
    const user = async (): Promise<User> => {
      const id = randomUUID();
      return { id, token: await p.mint(id) };
    };
    /** The entry point, or gateway `n` itself when distributed (each user on its own instance). */
    const entry = (n?: number): string => {
      const gateway = n === undefined ? undefined : p.topology?.gateways[n];
      return `${gateway ? `http://127.0.0.1:${gateway.port}` : p.url}/api/chat/ws`;
    };
    const connect = async (u: User, n?: number, hello?: Record<string, unknown>): Promise<TestSocket> => {
      const s = await TestSocket.open(entry(n), { token: u.token, ...(hello ? { hello } : {}) });
      sockets.push(s);
      return s;
    };
    const conversation = async (by: User, members: User[]): Promise<string> => {
      const r = await p.fetch('/api/chat/conversations', {
        token: by.token,
        json: { memberIds: members.map((m) => m.id) },
      });
      assert.equal(r.status, 201, r.text);
      return r.body.id;
    };
    const seqs = (s: TestSocket, id: string): number[] =>
      s
        .all('message', (f: Frame) => (f.message as { conversationId: string }).conversationId === id)
        .map((f) => (f.message as { seq: number }).seq);
    const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

    before(async () => {
      p = await start();
    });
    after(async () => {
      for (const s of sockets) s.kill();
      await p?.close();
    });

    it('lets two users on different gateway instances chat over sockets, with receipts and typing', async () => {
      const [ana, beto] = [await user(), await user()];
      const id = await conversation(ana, [beto]);
      const a = await connect(ana, 0);
      const b = await connect(beto, 1);
      b.send({ type: 'typing', conversationId: id });
      assert.equal((await a.waitFor((f) => f.type === 'typing')).userId, beto.id);
      a.send({ type: 'send', ref: 'a1', conversationId: id, clientId: 'a1', text: 'hola Beto' });
      assert.equal((await a.waitFor((f) => f.type === 'sent')).seq, 1);
      const got = await b.waitFor((f) => f.type === 'message');
      assert.equal((got.message as { text: string }).text, 'hola Beto');
      b.send({ type: 'send', ref: 'b1', conversationId: id, clientId: 'b1', text: 'hola Ana' });
      await a.until(() => seqs(a, id).includes(2));
      assert.deepEqual(seqs(a, id), [1, 2], "the sender's own message reaches its socket too");
      assert.equal((await a.waitFor((f) => f.type === 'delivered' && f.upToSeq === 1)).userId, beto.id);
      // Ana reads Beto's reply (a sender has read its own message already): Beto's socket is told.
      a.send({ type: 'read', conversationId: id, upToSeq: 2 });
      assert.equal((await b.waitFor((f) => f.type === 'read' && f.userId === ana.id)).readSeq, 2);
    });

    it('resumes a socket killed mid-conversation with exactly what it missed, in order, while sends go on', async () => {
      const [ana, beto] = [await user(), await user()];
      const id = await conversation(ana, [beto]);
      const a = await connect(ana, 0);
      const b = await connect(beto, 1);
      const say = (i: number) =>
        a.send({ type: 'send', ref: `m${i}`, conversationId: id, clientId: `m${i}`, text: `m${i}` });
      for (let i = 1; i <= 5; i++) say(i);
      await b.until(() => seqs(b, id).length === 5);
      b.kill();
      for (let i = 6; i <= 20; i++) say(i);
      await a.until(() => a.all('sent').length === 20);
      for (let i = 21; i <= 30; i++) say(i);
      // Reconnects on the other gateway while sends 21..30 are under way.
      const again = await connect(beto, 0, { resume: [{ conversationId: id, afterSeq: 5 }] });
      await a.until(() => a.all('sent').length === 30);
      await again.waitFor((f) => f.type === 'resumed');
      await again.until(() => seqs(again, id).includes(30));
      say(31);
      await again.until(() => seqs(again, id).includes(31));
      assert.deepEqual(seqs(again, id), range(6, 31), 'no loss, no repeat, in order, then live');
    });

    it('lets a non-member neither read nor post over the socket, nor receive', async () => {
      const [ana, beto, eve] = [await user(), await user(), await user()];
      const id = await conversation(ana, [beto]);
      const e = await connect(eve, 1);
      const b = await connect(beto, 0);
      e.send({ type: 'resume', ref: 'r', conversationId: id, afterSeq: 0 });
      e.send({ type: 'send', ref: 's', conversationId: id, clientId: 'x', text: 'soy Eve' });
      assert.equal((await e.waitFor((f) => f.type === 'error' && f.ref === 'r')).status, 404);
      assert.equal((await e.waitFor((f) => f.type === 'error' && f.ref === 's')).status, 404);
      const r = await p.fetch(`/api/chat/conversations/${id}/messages`, { token: eve.token });
      assert.equal(r.status, 404, 'the same as HTTP');
      const sent = await p.fetch(`/api/chat/conversations/${id}/messages`, {
        token: ana.token,
        json: { clientId: 'para-beto', text: 'solo para Beto' },
      });
      assert.equal(sent.status, 201, sent.text);
      await b.waitFor((f) => f.type === 'message');
      assert.deepEqual(
        e.frames.map((f) => f.type),
        ['ready', 'error', 'error'],
        'no message reached the non-member',
      );
    });

    it('refuses a token in the URL, and a socket that never authenticates, through the entry point', async () => {
      const ana = await user();
      const inUrl = await TestSocket.open(`${entry()}?token=${ana.token}`);
      assert.equal((await inUrl.closed).code, 4400);
      const silent = await TestSocket.open(entry());
      const closed = await silent.closed;
      assert.equal(closed.code, 4401);
      assert.deepEqual(silent.frames, []);
    });

    it("tells a follower's socket of a channel post, and not a muted follower's", async () => {
      const [owner, fan, quiet] = [await user(), await user(), await user()];
      const created = await p.fetch('/api/chat/channels', { token: owner.token, json: { title: 'Ofertas del día' } });
      assert.equal(created.status, 201, created.text);
      const channelId: string = created.body.id;
      for (const [u, muted] of [
        [fan, false],
        [quiet, true],
      ] as const) {
        const r = await p.fetch(`/api/chat/channels/${channelId}/subscription`, {
          method: 'PUT',
          token: u.token,
          json: { muted },
        });
        assert.equal(r.status, 200, r.text);
      }
      const f = await connect(fan, 0);
      const q = await connect(quiet, 1);
      const post = await p.fetch(`/api/chat/channels/${channelId}/posts`, {
        token: owner.token,
        json: { text: 'Hoy 2x1' },
      });
      assert.equal(post.status, 201, post.text);
      const got = await f.waitFor((fr) => fr.type === 'channel.post');
      assert.deepEqual([got.channelId, got.postId, got.excerpt], [channelId, post.body.id, 'Hoy 2x1']);
      // The muted follower's socket is open on the other gateway; a frame for it would have come by now
      // along with the follower's (same batch): it got none.
      assert.equal(q.all('channel.post').length, 0);
    });
  });
}
