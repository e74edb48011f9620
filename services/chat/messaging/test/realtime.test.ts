import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { eventually, type Frame, TestSocket } from '@coordina/platform/testing';
import { MensajeEnviado } from '../src/contracts/events';
import type { MessagingSettings } from '../src/messaging.settings';
import { ChangesPruner } from '../src/realtime/changes.pruner';
import { PresenceService } from '../src/realtime/presence.service';
import { type ChatUser, MessagingFixture } from './messaging.fixture';

describe('Chat socket: authentication, live messages, receipts, typing, members only, resume', () => {
  let f: MessagingFixture;
  const sockets: TestSocket[] = [];
  const ws = () => `${f.app.url}/api/chat/ws`;
  const open = async (u: ChatUser, via: 'frame' | 'subprotocol' = 'frame', hello?: Record<string, unknown>) => {
    const s = await TestSocket.open(ws(), { token: u.token, via, ...(hello ? { hello } : {}) });
    sockets.push(s);
    return s;
  };
  const seqs = (s: TestSocket, conversationId: string) =>
    s
      .all('message', (m) => (m.message as { conversationId: string }).conversationId === conversationId)
      .map((m) => (m.message as { seq: number }).seq);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  before(async () => {
    f = await MessagingFixture.start();
  });
  after(async () => {
    for (const s of sockets) s.kill();
    await f?.close();
  });

  it('refuses a socket without a token (4401 after the timeout), with a bad token, or with the token in the URL (4400)', async () => {
    const [ana] = await f.users(1);
    assert.ok(ana);
    const silent = await TestSocket.open(ws());
    const timedOut = await silent.closed;
    assert.equal(timedOut.code, 4401);
    assert.match(timedOut.reason, /no valid access token/);

    const forged = await TestSocket.open(ws());
    forged.send({ type: 'auth', token: `${ana.token}x` });
    assert.equal((await forged.closed).code, 4401);

    const early = await TestSocket.open(ws());
    early.send({ type: 'send', conversationId: randomUUID(), clientId: 'x', text: 'hola' });
    assert.equal((await early.closed).code, 4401, 'nothing before auth');

    const inUrl = await TestSocket.open(`${ws()}?access_token=${ana.token}`);
    const refused = await inUrl.closed;
    assert.equal(refused.code, 4400);
    assert.match(refused.reason, /URL refused/);
    assert.deepEqual(inUrl.frames, [], 'not even ready');
  });

  it('delivers a message live to the other member, with the sender’s ack, delivery and read receipts, and typing', async () => {
    const [ana, beto] = await f.users(2);
    assert.ok(ana && beto);
    const id = await f.conversation(ana, [beto]);
    const a = await open(ana, 'subprotocol');
    const b = await open(beto);
    a.send({ type: 'typing', conversationId: id });
    const typing = await b.waitFor((x) => x.type === 'typing');
    assert.deepEqual([typing.conversationId, typing.userId], [id, ana.id]);

    a.send({ type: 'send', ref: 'r1', conversationId: id, clientId: 'hola-1', text: 'hola Beto' });
    const sent = await a.waitFor((x) => x.type === 'sent');
    assert.deepEqual([sent.ref, sent.seq, sent.clientId], ['r1', 1, 'hola-1']);
    const got = await b.waitFor((x) => x.type === 'message');
    assert.equal((got.message as { text: string }).text, 'hola Beto');
    const delivered = await a.waitFor((x) => x.type === 'delivered');
    assert.deepEqual([delivered.userId, delivered.upToSeq], [beto.id, 1]);

    b.send({ type: 'read', conversationId: id, upToSeq: 1 });
    const read = await a.waitFor((x) => x.type === 'read' && x.userId === beto.id);
    assert.equal(read.readSeq, 1);

    // The same clientId again over the socket: the stored message, no second delivery.
    a.send({ type: 'send', ref: 'r2', conversationId: id, clientId: 'hola-1', text: 'hola Beto' });
    assert.equal((await a.waitFor((x) => x.type === 'sent' && x.ref === 'r2')).seq, 1);
    await f.say(ana, id, 'sigues?');
    await b.until(() => seqs(b, id).includes(2));
    assert.deepEqual(seqs(b, id), [1, 2]);
  });

  it('lets a non-member neither resume, post, type nor receive', async () => {
    const [ana, beto, eve] = await f.users(3);
    assert.ok(ana && beto && eve);
    const id = await f.conversation(ana, [beto]);
    const e = await open(eve);
    const b = await open(beto);
    e.send({ type: 'resume', ref: 'r', conversationId: id, afterSeq: 0 });
    e.send({ type: 'send', ref: 's', conversationId: id, clientId: 'x', text: 'soy Eve' });
    e.send({ type: 'typing', ref: 't', conversationId: id });
    for (const ref of ['r', 's', 't']) {
      const err = await e.waitFor((x) => x.type === 'error' && x.ref === ref);
      assert.equal(err.status, 404, JSON.stringify(err));
    }
    e.send({ type: 'send', ref: 'bad', conversationId: id, text: 'sin clientId' });
    assert.equal((await e.waitFor((x) => x.type === 'error' && x.ref === 'bad')).field, 'frame.clientId');
    await f.say(ana, id, 'solo para Beto');
    await b.waitFor((x) => x.type === 'message');
    // Eve's socket saw only its errors (the message reached Beto's socket, served by the same process).
    assert.deepEqual(
      e.frames.map((x: Frame) => x.type),
      ['ready', 'error', 'error', 'error', 'error'],
    );
  });

  it("follows a group's member list: sockets of members removed get nothing sent after, of members added everything (decision 0132)", async () => {
    const [ana, beto, caro, dani] = await f.users(4);
    assert.ok(ana && beto && caro && dani);
    const id = await f.conversation(ana, [beto, caro], 'Grupo');
    const [b, c, d] = [await open(beto), await open(caro), await open(dani)];
    await f.say(ana, id, 'm1');
    await b.until(() => seqs(b, id).includes(1));
    await c.until(() => seqs(c, id).includes(1));
    // The fact names only its list's version: no member ids in a text message's fact.
    const fact = await sql<{
      data: { memberIds?: string[]; membersVersion?: number };
    }>`SELECT event->'data' AS data FROM coordina_outbox
      WHERE topic = 'mensaje.enviado' AND key = ${id}`.execute(f.ctx.db.db);
    assert.deepEqual(
      fact.rows.map((r) => [r.data.memberIds, r.data.membersVersion]),
      [[undefined, 1]],
    );

    const changed = await f.app.fetch(`/api/chat/conversations/${id}/members/${caro.id}`, {
      method: 'DELETE',
      token: ana.token,
    });
    assert.equal(changed.status, 204, changed.text);
    const added = await f.app.fetch(`/api/chat/conversations/${id}/members`, {
      token: ana.token,
      json: { memberIds: [dani.id] },
    });
    assert.equal(added.status, 200, added.text);
    await f.say(ana, id, 'm2');
    await f.say(ana, id, 'm3');
    await b.until(() => seqs(b, id).includes(3));
    await d.until(() => seqs(d, id).includes(3));
    assert.deepEqual(seqs(b, id), [1, 2, 3]);
    assert.deepEqual(seqs(d, id), [2, 3], 'the added member gets what was sent after it joined');
    assert.deepEqual(seqs(c, id), [1], 'the removed member gets nothing sent after it left');
  });

  it('resumes a killed socket with exactly the missed messages, in order, while sends go on', async () => {
    const [ana, beto] = await f.users(2);
    assert.ok(ana && beto);
    const id = await f.conversation(ana, [beto]);
    const b1 = await open(beto);
    for (let i = 1; i <= 5; i++) await f.say(ana, id, `m${i}`);
    await b1.until(() => seqs(b1, id).length === 5);
    b1.kill();
    for (let i = 6; i <= 30; i++) await f.say(ana, id, `m${i}`);
    // Sends go on while the socket reconnects and catches up: live and caught-up messages race.
    const racing = Promise.all(Array.from({ length: 20 }, (_, i) => f.say(ana, id, `m${31 + i}`)));
    const b2 = await open(beto, 'frame', { resume: [{ conversationId: id, afterSeq: 5 }] });
    // A second device resumes by frame, later, from further back, on the subprotocol.
    const b3 = await open(beto, 'subprotocol');
    b3.send({ type: 'resume', ref: 'again', conversationId: id, afterSeq: 2 });
    await racing;
    await b2.waitFor((x) => x.type === 'resumed');
    await b3.waitFor((x) => x.type === 'resumed' && x.ref === 'again');
    await f.say(ana, id, 'm51');
    await b2.until(() => seqs(b2, id).includes(51));
    await b3.until(() => seqs(b3, id).includes(51));
    assert.deepEqual(seqs(b2, id), range(6, 51), 'every missed seq once, in order, then live');
    const third = seqs(b3, id);
    assert.deepEqual(
      [...third].sort((x, y) => x - y),
      range(3, 51),
      'every seq once (those delivered live before the resume first)',
    );
  });

  it('tells conversation partners when a user comes online and goes offline, and keeps the last seen', async () => {
    const [ana, beto, eve] = await f.users(3);
    assert.ok(ana && beto && eve);
    await f.conversation(ana, [beto]);
    const b = await open(beto);
    const a = await open(ana);
    const online = await b.waitFor((x) => x.type === 'presence' && x.userId === ana.id);
    assert.equal(online.online, true);
    const seen = await f.get(beto, `/api/chat/presence?userIds=${ana.id},${eve.id}`);
    assert.equal(seen.status, 200, seen.text);
    assert.deepEqual(
      seen.body.items.map((x: { userId: string; online: boolean }) => [x.userId, x.online]),
      [[ana.id, true]],
      'Eve shares no conversation with Beto: left out',
    );
    const hidden = await f.get(eve, `/api/chat/presence?userIds=${ana.id}`);
    assert.deepEqual(hidden.body.items, [], 'a stranger sees nothing');
    await a.close();
    const offline = await b.waitFor((x) => x.type === 'presence' && x.userId === ana.id && x.online === false);
    assert.ok(offline.lastSeenAt);
    const after = await f.get(beto, `/api/chat/presence?userIds=${ana.id}`);
    assert.deepEqual([after.body.items[0].online, after.body.items[0].lastSeenAt !== null], [false, true]);
  });
  it('catches a resumed socket up on the edits and deletes of older messages made while it was closed, once, in order', async () => {
    const [ana, beto] = await f.users(2);
    assert.ok(ana && beto);
    const id = await f.conversation(ana, [beto]);
    const m1 = await f.say(ana, id, 'uno');
    const m2 = await f.say(ana, id, 'dos');
    await f.say(ana, id, 'tres');
    const b1 = await open(beto, 'frame', { resume: [{ conversationId: id, afterChange: 0 }] });
    await b1.until(() => seqs(b1, id).length === 3);
    const seen = Math.max(...b1.frames.map((x) => Number(x.change ?? 0)));
    b1.kill();
    const edit = await f.app.fetch(`/api/chat/conversations/${id}/messages/${m1.id}`, {
      method: 'PATCH',
      token: ana.token,
      json: { text: 'uno, corregido' },
    });
    assert.equal(edit.status, 200, edit.text);
    const del = await f.app.fetch(`/api/chat/conversations/${id}/messages/${m2.id}`, {
      method: 'DELETE',
      token: ana.token,
    });
    assert.equal(del.status, 204, del.text);
    await f.say(ana, id, 'cuatro');
    const changes = (x: TestSocket) =>
      x.frames
        .filter((fr) => typeof fr.change === 'number')
        .map((fr) => `${fr.type}:${(fr.message as { seq: number }).seq}@${fr.change}`);
    const missed = [`message.edited:1@${seen + 1}`, `message.deleted:2@${seen + 2}`, `message:4@${seen + 3}`];
    // By change position; and by seq (a client that kept only seqs: from where seq 3 was sent).
    const b2 = await open(beto, 'frame', { resume: [{ conversationId: id, afterChange: seen }] });
    // In `auth`: its catch-up starts before any live frame (a `resume` frame sent later may come
    // after live changes that beat it, decision 0082).
    const b3 = await open(beto, 'frame', { resume: [{ conversationId: id, afterSeq: 3 }] });
    const done = await b2.waitFor((x) => x.type === 'resumed');
    assert.equal(done.lastChange, seen + 3);
    await b3.waitFor((x) => x.type === 'resumed');
    assert.deepEqual(changes(b2), missed, 'exactly the missed changes, once, in order');
    assert.deepEqual(changes(b3), missed);
    const edited = b2.all('message.edited')[0]?.message as { text: string };
    assert.equal(edited.text, 'uno, corregido');
    const tomb = b2.all('message.deleted')[0]?.message as { text: string | null; deletedAt: string | null };
    assert.deepEqual([tomb.text, tomb.deletedAt !== null], [null, true], 'a tombstone: the text is gone');
    // Live from there: the next change comes once.
    await f.app.fetch(`/api/chat/conversations/${id}/messages/${m1.id}`, {
      method: 'PATCH',
      token: ana.token,
      json: { text: 'uno, otra vez' },
    });
    await b2.until(() => changes(b2).length === 4);
    assert.equal(changes(b2)[3], `message.edited:1@${seen + 4}`);
    const page = await f.get(beto, `/api/chat/conversations/${id}/changes?after=${seen}&limit=2`);
    assert.equal(page.status, 200, page.text);
    assert.deepEqual([page.body.after, page.body.items.length, page.body.hasMore], [seen, 2, true]);
    const stranger = (await f.users(1))[0];
    assert.ok(stranger);
    assert.equal((await f.get(stranger, `/api/chat/conversations/${id}/changes?after=0`)).status, 404);
  });

  it('tells group members once when a user with several sockets comes online, and when the last one closes', async () => {
    const [ana, beto, carla] = await f.users(3);
    assert.ok(ana && beto && carla);
    await f.conversation(ana, [beto, carla], 'Viaje a Cusco');
    const c = await open(carla);
    const isAna = (x: Frame) => x.type === 'presence' && x.userId === ana.id;
    const a1 = await open(ana);
    assert.equal((await c.waitFor(isAna)).online, true, 'a group member is told, not only 1:1 partners');
    const a2 = await open(ana, 'subprotocol');
    // Both sockets counted in (each socket's presence calls run in order, not the two sockets' calls).
    await eventually(async () => {
      const r = await sql<{ sockets: number }>`SELECT sockets FROM chat_presence WHERE user_id = ${ana.id}`.execute(
        f.ctx.db.db,
      );
      return r.rows[0]?.sockets === 2;
    });
    await a1.close();
    await a2.close();
    const offline = await c.waitFor((x) => isAna(x) && x.online === false);
    assert.ok(offline.lastSeenAt);
    assert.deepEqual(
      c.frames.filter(isAna).map((x) => x.online),
      [true, false],
      'one online (the first socket), one offline (the last): the second socket changed nothing',
    );
  });
  it('turns a user whose gateway died offline, telling the audience once, and leaves live users online', async () => {
    const [ana, beto, carla] = await f.users(3);
    assert.ok(ana && beto && carla);
    await f.conversation(ana, [beto]);
    const withCarla = await f.conversation(carla, [beto]);
    const b = await open(beto);
    await open(ana);
    await open(carla);
    const isAna = (x: Frame) => x.type === 'presence' && x.userId === ana.id;
    await b.waitFor((x) => isAna(x) && x.online === true);
    await b.waitFor((x) => x.type === 'presence' && x.userId === carla.id && x.online === true);
    // Ana's sockets were on a gateway that died: nobody refreshes her count any more.
    await sql`UPDATE chat_presence SET last_seen_at = now() - interval '1 hour' WHERE user_id = ${ana.id}`.execute(
      f.ctx.db.db,
    );
    // Two messaging instances sweep at once (the running sweeper may be a third): one wins the row.
    const settings = f.ctx.settings as MessagingSettings;
    const instances = [new PresenceService(f.ctx, settings), new PresenceService(f.ctx, settings)];
    await Promise.all(instances.map((i) => i.sweep()));
    const offline = await b.waitFor((x) => isAna(x) && x.online === false);
    assert.ok(
      Date.parse(String(offline.lastSeenAt)) < Date.now() - 50 * 60_000,
      'last seen: her last refresh, not the sweep',
    );
    assert.equal(await instances[0]?.sweep(), 0, 'nothing left to sweep');
    // A later frame on Beto's channel: every presence frame published before it has arrived.
    await f.say(carla, withCarla, 'marca');
    await b.waitFor((x) => x.type === 'message');
    assert.deepEqual(
      b.frames.filter(isAna).map((x) => x.online),
      [true, false],
      'exactly one offline frame',
    );
    assert.equal(b.all('presence').filter((x) => x.userId === carla.id && x.online === false).length, 0);
    const now = await f.get(beto, `/api/chat/presence?userIds=${ana.id},${carla.id}`);
    assert.deepEqual(
      now.body.items.map((x: { userId: string; online: boolean }) => x.online),
      [ana, carla].sort((x, y) => (x.id < y.id ? -1 : 1)).map((u) => u === carla),
      'Carla, refreshed lately, was not swept',
    );
    // A socket of hers on a live gateway refreshes: online again, told again, counted as one.
    const alive = await f.app.fetch('/api/chat/presence', {
      method: 'PUT',
      token: ana.token,
      json: { state: 'alive' },
    });
    assert.equal(alive.status, 200, alive.text);
    assert.deepEqual([alive.body.online, alive.body.refreshMs], [true, settings.presenceRefreshMs]);
    await b.until(() => b.frames.filter(isAna).length === 3);
  });
  it('prunes changes older than the retention, keeps the young, and sends a resume from before the horizon to reload the history', async () => {
    const [ana, beto] = await f.users(2);
    assert.ok(ana && beto);
    const id = await f.conversation(ana, [beto]);
    for (const text of ['uno', 'dos', 'tres']) await f.say(ana, id, text);
    const db = f.ctx.db.db;
    // The first two changes were made longer ago than the log keeps (30 days by default).
    await sql`UPDATE message_changes SET at = now() - interval '40 days'
      WHERE conversation_id = ${id} AND change <= 2`.execute(db);
    await f.say(ana, id, 'cuatro');
    const pruner = new ChangesPruner(f.ctx, f.ctx.settings as MessagingSettings);
    assert.equal(await pruner.prune(), 2);
    assert.equal(await pruner.prune(), 0, 'the young are kept');
    const kept = await sql<{ change: number }>`SELECT change FROM message_changes
      WHERE conversation_id = ${id} ORDER BY change`.execute(db);
    assert.deepEqual(
      kept.rows.map((r) => r.change),
      [3, 4],
    );
    const changes = (query: string) => f.get(beto, `/api/chat/conversations/${id}/changes?${query}`);
    for (const [query, field] of [
      ['after=0', 'after'],
      ['after=1', 'after'],
      ['afterSeq=1', 'afterSeq'],
    ] as const) {
      const gone = await changes(query);
      assert.equal(gone.status, 410, `${query}: ${gone.text}`);
      assert.match(gone.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(gone.body.errors[0].field, field, 'not a partial list: the field named');
    }
    const fromHorizon = await changes('after=2');
    assert.equal(fromHorizon.status, 200, fromHorizon.text);
    assert.deepEqual(
      fromHorizon.body.items.map((c: { change: number }) => c.change),
      [3, 4],
    );
    assert.deepEqual((await changes('afterSeq=3')).body.items.length, 1);

    // The socket: `resync`, nothing of the conversation; after reloading the history, resume from its lastChange.
    const b = await open(beto, 'frame', { resume: [{ conversationId: id, afterChange: 1 }] });
    await b.waitFor((x) => x.type === 'resync' && x.conversationId === id);
    const history = await f.get(beto, `/api/chat/conversations/${id}/messages`);
    assert.deepEqual([history.body.items.length, history.body.lastChange], [4, 4]);
    b.send({ type: 'resume', ref: 'again', conversationId: id, afterChange: history.body.lastChange });
    assert.equal((await b.waitFor((x) => x.type === 'resumed' && x.ref === 'again')).lastChange, 4);
    await f.say(ana, id, 'cinco');
    const live = await b.waitFor((x) => x.type === 'message');
    assert.equal(live.change, 5);
    assert.deepEqual(
      b.frames.filter((x) => typeof x.change === 'number').map((x) => x.change),
      [5],
      'no message replayed from a partial log',
    );
  });
});

describe('Chat socket: members told at once after the commit (decision 0135)', () => {
  /** Ana and Beto in a conversation, Beto's socket open, in a fixture of their own. */
  const withPair = async (
    run: (c: {
      f: MessagingFixture;
      ana: ChatUser;
      beto: ChatUser;
      id: string;
      b: TestSocket;
      sockets: TestSocket[];
    }) => Promise<void>,
  ) => {
    const f = await MessagingFixture.start();
    const sockets: TestSocket[] = [];
    try {
      const [ana, beto] = await f.users(2);
      assert.ok(ana && beto);
      const id = await f.conversation(ana, [beto]);
      const b = await TestSocket.open(`${f.app.url}/api/chat/ws`, { token: beto.token });
      sockets.push(b);
      await run({ f, ana, beto, id, b, sockets });
    } finally {
      for (const s of sockets) s.kill();
      await f.close();
    }
  };

  it('delivers a send, an edit and a delete live, once each, with the realtime consumer stopped', () =>
    withPair(async ({ f, ana, beto, id, b, sockets }) => {
      // Facts still go to the outbox and the log, but nobody turns them into frames any more.
      await f.ctx.bus.stopConsuming();
      const m = await f.say(ana, id, 'al momento');
      const got = await b.waitFor((x) => x.type === 'message');
      assert.equal((got.message as { seq: number }).seq, m.seq);
      const edit = await f.app.fetch(`/api/chat/conversations/${id}/messages/${m.id}`, {
        method: 'PATCH',
        token: ana.token,
        json: { text: 'corregido' },
      });
      assert.equal(edit.status, 200, edit.text);
      const edited = await b.waitFor((x) => x.type === 'message.edited');
      assert.equal((edited.message as { text: string }).text, 'corregido');
      const del = await f.app.fetch(`/api/chat/conversations/${id}/messages/${m.id}`, {
        method: 'DELETE',
        token: ana.token,
      });
      assert.equal(del.status, 204, del.text);
      await b.waitFor((x) => x.type === 'message.deleted');
      // A later socket of beto's, resumed from the start, reads the same three changes from the log.
      const again = await TestSocket.open(`${f.app.url}/api/chat/ws`, {
        token: beto.token,
        hello: { resume: [{ conversationId: id, afterChange: 0 }] },
      });
      sockets.push(again);
      await again.waitFor((x) => x.type === 'resumed');
      const changes = (s: TestSocket) => s.frames.filter((x) => typeof x.change === 'number').map((x) => x.type);
      assert.deepEqual(changes(again), ['message', 'message.edited', 'message.deleted']);
      assert.deepEqual(changes(b), ['message', 'message.edited', 'message.deleted'], 'each once, in order');
    }));

  it('skips the realtime consumer’s transaction for a change told at once, and handles one it was not told of (decision 0142)', () =>
    withPair(async ({ f, ana, id, b }) => {
      const m = await f.say(ana, id, 'al momento');
      await b.waitFor((x) => x.type === 'message' && (x.message as { seq: number }).seq === m.seq);
      const sent = await sql<{ id: string; event: { data: Record<string, unknown> } }>`SELECT id, event
        FROM coordina_outbox WHERE topic = ${MensajeEnviado.topic} AND event->'data'->'message'->>'id' = ${m.id}`.execute(
        f.ctx.db.db,
      );
      const told = sent.rows[0];
      assert.ok(told, 'the send wrote its fact');
      // The same fact at a change position nobody told: only the consumer can tell it.
      const data = told.event.data as { change: number };
      const untold = await f.ctx.db.transaction((tx) =>
        f.ctx.bus.publish(tx, MensajeEnviado, { ...data, change: data.change + 1000 } as never),
      );
      const group = 'chat-messaging.realtime';
      const claimed = async (eventId: string) =>
        (
          await sql<{ outcome: string }>`SELECT outcome FROM coordina_inbox
            WHERE group_id = ${group} AND event_id = ${eventId}`.execute(f.ctx.db.db)
        ).rows[0]?.outcome;
      // The consumer handled the untold fact (its claim is there), and read past the told one: its lag is 0.
      await eventually(async () => (await claimed(untold.id)) === 'handled' || undefined, 30_000);
      await eventually(
        async () => (await f.ctx.bus.lag()).filter((l) => l.group === group).every((l) => l.lag === 0) || undefined,
        30_000,
      );
      assert.equal(await claimed(told.id), undefined, 'no claim, so no transaction, for the change told at once');
    }));
});
