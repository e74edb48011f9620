import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { assertProblem } from '@coordina/platform/testing';
import { type ChatUser, MessagingFixture } from './messaging.fixture';

describe('Chat messaging: messages, seqs, client ids, members only', () => {
  let f: MessagingFixture;
  const seqsOf = (items: { seq: number }[]) => items.map((m) => m.seq);
  const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

  before(async () => {
    f = await MessagingFixture.start();
  });
  after(() => f?.close());

  it('gives 50 concurrent sends the seqs 1..50, no gap, no repeat, each announced', async () => {
    const members = await f.users(5);
    const [owner, ...others] = members as [ChatUser, ...ChatUser[]];
    const id = await f.conversation(owner, others);
    const sent = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        f.send(members[i % 5] as ChatUser, id, { clientId: `c-${i}`, text: `m${i}` }),
      ),
    );
    for (const r of sent) assert.equal(r.status, 201, r.text);
    assert.deepEqual(
      sent.map((r) => r.body.seq).sort((a, b) => a - b),
      range(1, 50),
    );
    const page = await f.get(owner, `/api/chat/conversations/${id}/messages?limit=200`);
    assert.equal(page.status, 200, page.text);
    assert.deepEqual(seqsOf(page.body.items), range(1, 50), 'history in seq order');
    assert.equal(await f.events('mensaje.enviado', id), 50);
    // Committed in batches (decision 0134): fewer transactions than sends (a transaction's rows share its now()),
    // the facts in seq order with their change positions, each sender's receipt at its last message.
    const facts = await sql<{
      seq: number;
      change: number;
      at: Date;
    }>`SELECT (event->'data'->'message'->>'seq')::int AS seq,
        (event->'data'->>'change')::int AS change, created_at AS at
      FROM coordina_outbox WHERE topic = 'mensaje.enviado' AND key = ${id} ORDER BY seq`.execute(f.ctx.db.db);
    assert.deepEqual(
      facts.rows.map((r) => [r.seq, r.change]),
      range(1, 50).map((n) => [n, n]),
    );
    const transactions = new Set(facts.rows.map((r) => r.at.getTime())).size;
    assert.ok(transactions < 50, `${transactions} transactions for 50 concurrent sends`);
    const receipts = await sql<{ userId: string; readSeq: number }>`SELECT user_id AS "userId", read_seq AS "readSeq"
      FROM conversation_members WHERE conversation_id = ${id}`.execute(f.ctx.db.db);
    for (const u of members) {
      const last = Math.max(...sent.filter((_, i) => members[i % 5] === u).map((r) => r.body.seq as number));
      assert.equal(receipts.rows.find((r) => r.userId === u.id)?.readSeq, last, 'each sender has read up to its last');
    }
  });

  it("answers a non-member's send with 404 and a blocked one with 403 amid concurrent sends, and commits the others", async () => {
    const [ana, beto, eve] = await f.users(3);
    assert.ok(ana && beto && eve);
    const id = await f.conversation(ana, [beto]);
    const blocked = await f.app.fetch(`/api/chat/blocks/${ana.id}`, { method: 'PUT', token: beto.token });
    assert.ok(blocked.status < 300, blocked.text);
    const sends = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => f.send(beto, id, { clientId: `b-${i}`, text: `b${i}` })),
      f.send(eve, id, { clientId: 'e', text: 'soy Eve' }),
      f.send(ana, id, { clientId: 'a', text: 'bloqueada' }),
    ]);
    assert.deepEqual(
      sends.slice(0, 10).map((r) => r.status),
      Array(10).fill(201),
    );
    assertProblem(sends[10] as (typeof sends)[number], { status: 404 });
    assert.equal(sends[11]?.status, 403, sends[11]?.text);
    assert.deepEqual(
      sends
        .slice(0, 10)
        .map((r) => r.body.seq)
        .sort((a, b) => a - b),
      range(1, 10),
      'no seq taken by the refused sends',
    );
  });

  it('stores a clientId sent 20 times at once once, answering the same id and seq, without a gap after', async () => {
    const [ana, beto] = await f.users(2);
    const id = await f.conversation(ana, [beto]);
    await f.say(beto, id, 'antes');
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => f.send(ana, id, { clientId: 'retry-1', text: 'una vez' })),
    );
    for (const r of answers) assert.equal(r.status, 201, r.text);
    assert.deepEqual(new Set(answers.map((r) => `${r.body.id}/${r.body.seq}`)).size, 1);
    assert.equal(answers[0]?.body.seq, 2);
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM messages
      WHERE conversation_id = ${id} AND client_id = 'retry-1'`.execute(f.ctx.db.db);
    assert.equal(rows.rows[0]?.n, 1);
    assert.equal((await f.say(beto, id, 'después')).seq, 3, 'the refused duplicates took no seq');
    const other = await f.send(beto, id, { clientId: 'retry-1', text: 'otro remitente' });
    assert.equal(other.status, 201, other.text);
    assert.equal(other.body.seq, 4, 'a clientId is the sender’s own');
    assert.equal(await f.events('mensaje.enviado', id), 4);
  });

  it('pages history by seq: newest page, older than `before`, newer than `after`', async () => {
    const [ana, beto] = await f.users(2);
    const id = await f.conversation(ana, [beto]);
    for (let i = 1; i <= 25; i++) await f.say(i % 2 ? ana : beto, id, `m${i}`);
    const path = `/api/chat/conversations/${id}/messages`;
    const newest = await f.get(beto, `${path}?limit=10`);
    assert.deepEqual([seqsOf(newest.body.items), newest.body.hasMore], [range(16, 25), true]);
    const older = await f.get(beto, `${path}?limit=10&before=16`);
    assert.deepEqual([seqsOf(older.body.items), older.body.hasMore], [range(6, 15), true]);
    const oldest = await f.get(beto, `${path}?limit=10&before=6`);
    assert.deepEqual([seqsOf(oldest.body.items), oldest.body.hasMore], [range(1, 5), false]);
    const missed = await f.get(beto, `${path}?after=20`);
    assert.deepEqual([seqsOf(missed.body.items), missed.body.hasMore], [range(21, 25), false]);
    assert.equal(missed.body.items[0].text, 'm21');
    assertProblem(await f.get(beto, `${path}?after=1&before=5`), { status: 400, field: 'query.after' });
    assertProblem(await f.get(beto, `${path}?limit=0`), { status: 400, field: 'query.limit' });
    assertProblem(await f.get(beto, `${path}?before=2147483648`), { status: 400, field: 'query.before' });
  });

  it('refuses a non-member on every route with 404, and changes nothing', async () => {
    const [ana, beto, eve] = await f.users(3);
    const id = await f.conversation(ana, [beto]);
    const msg = await f.say(ana, id, 'privado');
    const base = `/api/chat/conversations/${id}`;
    const tries = [
      f.get(eve, base),
      f.get(eve, `${base}/messages`),
      f.send(eve, id, { clientId: 'x', text: 'intruso' }),
      f.app.fetch(`${base}/messages/${msg.id}`, { method: 'PATCH', token: eve.token, json: { text: 'x' } }),
      f.app.fetch(`${base}/messages/${msg.id}`, { method: 'DELETE', token: eve.token }),
      f.app.fetch(`${base}/read`, { token: eve.token, json: { upToSeq: 1 } }),
    ];
    for (const r of await Promise.all(tries)) assertProblem(r, { status: 404, code: 'NOT_FOUND' });
    const list = await f.get(eve, '/api/chat/conversations');
    assert.deepEqual(list.body.items, []);
    const page = await f.get(ana, `${base}/messages`);
    assert.deepEqual(
      page.body.items.map((m: { text: string }) => m.text),
      ['privado'],
    );
    assert.equal((await f.get(ana, base)).body.lastSeq, 1, 'the refused send took no seq');
  });

  it('validates a message: text or media, a clientId, safe text', async () => {
    const [ana, beto] = await f.users(2);
    const id = await f.conversation(ana, [beto]);
    assertProblem(await f.send(ana, id, { clientId: 'a' }), { status: 400, field: 'body.text' });
    assertProblem(await f.send(ana, id, { text: 'hola' }), { status: 400, field: 'body.clientId' });
    assertProblem(await f.send(ana, id, { clientId: 'a', text: 'x\u0000' }), { status: 400, field: 'body.text' });
    assertProblem(await f.send(ana, id, { clientId: 'a', mediaId: 'nope' }), { status: 400, field: 'body.mediaId' });
    const media = await f.send(ana, id, { clientId: 'media-1', mediaId: randomUUID() });
    assert.equal(media.status, 201, media.text);
    assert.equal(media.body.seq, 1);
  });

  it('lets only the sender edit and delete a message, keeps a tombstone with its seq, and announces both', async () => {
    const [ana, beto] = await f.users(2);
    const id = await f.conversation(ana, [beto]);
    const msg = await f.say(ana, id, 'primera versión');
    const at = `/api/chat/conversations/${id}/messages/${msg.id}`;
    const edit = (who: ChatUser, text: string) =>
      f.app.fetch(at, { method: 'PATCH', token: who.token, json: { text } });
    const remove = (who: ChatUser) => f.app.fetch(at, { method: 'DELETE', token: who.token });

    const edited = await edit(ana, 'segunda versión');
    assert.equal(edited.status, 200, edited.text);
    assert.equal(edited.body.text, 'segunda versión');
    assert.ok(edited.body.editedAt);
    assertProblem(await edit(beto, 'mía'), { status: 403, code: 'NOT_MESSAGE_SENDER' });
    assertProblem(await remove(beto), { status: 403, code: 'NOT_MESSAGE_SENDER' });
    assertProblem(await edit(ana, ''), { status: 400, field: 'body.text' });
    assertProblem(
      await f.app.fetch(`/api/chat/conversations/${id}/messages/${randomUUID()}`, {
        method: 'DELETE',
        token: ana.token,
      }),
      { status: 404, code: 'NOT_FOUND' },
    );

    assert.equal((await remove(ana)).status, 204);
    assert.equal((await remove(ana)).status, 204, 'idempotent');
    assertProblem(await edit(ana, 'resucitada'), { status: 409, code: 'MESSAGE_DELETED' });
    const page = await f.get(beto, `/api/chat/conversations/${id}/messages`);
    const [tomb] = page.body.items;
    assert.deepEqual([tomb.seq, tomb.text, tomb.mediaId, Boolean(tomb.deletedAt)], [1, null, null, true]);
    assert.equal(await f.events('mensaje.editado', id), 1);
    assert.equal(await f.events('mensaje.eliminado', id), 1, 'the repeated delete announced nothing');
    assert.equal((await f.say(beto, id, 'siguiente')).seq, 2);
  });

  it('moves read receipts forward only, capped at the last message, announcing each move', async () => {
    const [ana, beto] = await f.users(2);
    const id = await f.conversation(ana, [beto]);
    for (let i = 0; i < 5; i++) await f.say(ana, id, `m${i}`);
    const read = (upToSeq: number) =>
      f.app.fetch(`/api/chat/conversations/${id}/read`, { token: beto.token, json: { upToSeq } });
    assert.deepEqual((await read(3)).body, { conversationId: id, readSeq: 3 });
    assert.equal((await read(2)).body.readSeq, 3, 'never back');
    assert.equal((await read(99)).body.readSeq, 5, 'capped at the last seq');
    assert.equal((await read(5)).body.readSeq, 5);
    assertProblem(await read(-1), { status: 400, field: 'body.upToSeq' });
    assertProblem(await read(2 ** 31), { status: 400, field: 'body.upToSeq' });
    assert.equal(await f.events('conversacion.leida', id), 2);
    assert.equal((await f.get(beto, `/api/chat/conversations/${id}`)).body.unread, 0);
  });
});
