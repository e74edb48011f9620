import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { Database, sql } from '@coordina/platform';
import { eventually, type Frame, TestSocket } from '@coordina/platform/testing';
import type { Product } from './harness';

interface User {
  id: string;
  token: string;
}

/**
 * Chat over real WebSockets through the gateways (and nginx when distributed: two users on
 * two different gateway instances), run unchanged on each topology.
 */
/** `gatewayKill`: the product has gateways of its own to kill (distributed); the embedded gateway is the product. */
export function chatRealtimeScenarios(
  name: string,
  start: () => Promise<Product>,
  options: { gatewayKill?: boolean } = {},
): void {
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

    it('catches a resumed socket up on the edits and deletes of older messages made while it was closed, exactly once, in order', async () => {
      const [ana, beto] = [await user(), await user()];
      const id = await conversation(ana, [beto]);
      const a = await connect(ana, 0);
      const b = await connect(beto, 1);
      const sent: { id: string; seq: number }[] = [];
      for (let i = 1; i <= 4; i++) {
        a.send({ type: 'send', ref: `m${i}`, conversationId: id, clientId: `m${i}`, text: `m${i}` });
        const ack = await a.waitFor((f) => f.type === 'sent' && f.ref === `m${i}`);
        sent.push({ id: ack.id as string, seq: ack.seq as number });
      }
      await b.until(() => seqs(b, id).length === 4);
      const seen = Math.max(...b.frames.map((f) => Number(f.change ?? 0)));
      b.kill();
      const [m1, m2, m3] = sent;
      assert.ok(m1 && m2 && m3);
      const change = async (method: 'PATCH' | 'DELETE', messageId: string, text?: string, status = 200) => {
        const r = await p.fetch(`/api/chat/conversations/${id}/messages/${messageId}`, {
          method,
          token: ana.token,
          ...(text ? { json: { text } } : {}),
        });
        assert.equal(r.status, status, r.text);
      };
      await change('PATCH', m1.id, 'm1 corregido');
      await change('DELETE', m2.id, undefined, 204);
      await change('PATCH', m3.id, 'm3 corregido');
      await change('DELETE', m1.id, undefined, 204);
      // Resumes on the other gateway from the newest change it saw.
      const again = await connect(beto, 0, { resume: [{ conversationId: id, afterChange: seen }] });
      const done = await again.waitFor((f) => f.type === 'resumed');
      const changes = (s: TestSocket) =>
        s.frames
          .filter((f) => typeof f.change === 'number')
          .map((f) => [f.type, (f.message as { seq: number }).seq, f.change]);
      assert.deepEqual(
        changes(again),
        [
          ['message.edited', 1, seen + 1],
          ['message.deleted', 2, seen + 2],
          ['message.edited', 3, seen + 3],
          ['message.deleted', 1, seen + 4],
        ],
        'exactly the changes made while it was closed, once, in order',
      );
      assert.equal(done.lastChange, seen + 4);
      a.send({ type: 'send', ref: 'm5', conversationId: id, clientId: 'm5', text: 'm5' });
      await again.until(() => seqs(again, id).includes(5));
      assert.deepEqual(changes(again).at(-1), ['message', 5, seen + 5], 'then live');
    });

    it('tells group members on other gateways when a user with sockets on two gateways comes online and goes offline', async () => {
      const [ana, beto, carla] = [await user(), await user(), await user()];
      const created = await p.fetch('/api/chat/conversations', {
        token: ana.token,
        json: { memberIds: [beto.id, carla.id], title: 'Viaje a Cusco' },
      });
      assert.equal(created.status, 201, created.text);
      const c = await connect(carla, 1);
      const isAna = (f: Frame) => f.type === 'presence' && f.userId === ana.id;
      const a1 = await connect(ana, 0);
      assert.equal((await c.waitFor(isAna)).online, true, 'a group member is told');
      const a2 = await connect(ana, 1);
      // The second socket counted in (each socket's presence calls run in order, two sockets' do not).
      const db = new Database(p.databaseUrl('chat-messaging'), { max: 1 });
      try {
        await eventually(async () => {
          const r = await sql<{ sockets: number }>`SELECT sockets FROM chat_presence WHERE user_id = ${ana.id}`.execute(
            db.db,
          );
          return r.rows[0]?.sockets === 2;
        });
      } finally {
        await db.close();
      }
      await a1.close();
      await a2.close();
      const offline = await c.waitFor((f) => isAna(f) && f.online === false);
      assert.ok(offline.lastSeenAt);
      assert.deepEqual(
        c.all('presence', (f) => f.userId === ana.id).map((f) => f.online),
        [true, false],
        'one online (first socket), one offline (last socket, whatever the gateway)',
      );
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
    // Last: it kills a gateway (restarted after). Distributed only (the embedded gateway is the product).
    if (options.gatewayKill)
      it('tells a partner on another gateway when a user’s gateway is killed: offline once nobody refreshes the count', async () => {
        const topology = p.topology;
        const gateway = topology?.gateways[0];
        assert.ok(topology && gateway, 'a product with gateways of its own');
        const [ana, beto] = [await user(), await user()];
        await conversation(ana, [beto]);
        const b = await connect(beto, 1);
        const isAna = (f: Frame) => f.type === 'presence' && f.userId === ana.id;
        await connect(ana, 0);
        assert.equal((await b.waitFor(isAna)).online, true);
        await gateway.proc.stop('SIGKILL');
        try {
          // Stale after CHAT_PRESENCE_STALE_MS (small in the distributed test), then the next sweep.
          const offline = await b.waitFor((f) => isAna(f) && f.online === false, 60_000);
          assert.ok(offline.lastSeenAt);
          assert.deepEqual(
            b.all('presence', (f) => f.userId === ana.id).map((f) => f.online),
            [true, false],
            'one offline frame, from whichever instance swept the row',
          );
        } finally {
          await topology.restart(gateway);
        }
      });
  });
}
