import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { assertProblem } from '@coordina/platform/testing';
import { MessagingFixture } from './messaging.fixture';

describe('Chat messaging: conversations', () => {
  let f: MessagingFixture;

  before(async () => {
    f = await MessagingFixture.start();
  });
  after(() => f?.close());

  it('gives a pair one 1:1 conversation, whoever asks, and announces it once', async () => {
    const [ana, beto] = await f.users(2);
    const id = await f.conversation(ana, [beto]);
    assert.equal(await f.conversation(beto, [ana]), id, 'the other side gets the same conversation');
    assert.equal(await f.conversation(ana, [beto, ana, beto]), id, 'repeats and oneself are not other members');
    const seen = await f.get(beto, `/api/chat/conversations/${id}`);
    assert.equal(seen.status, 200, seen.text);
    assert.equal(seen.body.kind, 'direct');
    assert.deepEqual([...seen.body.memberIds].sort(), [ana.id, beto.id].sort());
    assert.equal(await f.events('conversacion.creada', id), 1);
  });

  it('creates one 1:1 under 20 concurrent creates from both sides (the unique pair key decides)', async () => {
    const [ana, beto] = await f.users(2);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? f.create(ana, [beto]) : f.create(beto, [ana]))),
    );
    for (const r of answers) assert.equal(r.status, 201, r.text);
    const ids = new Set(answers.map((r) => r.body.id));
    assert.equal(ids.size, 1, 'one conversation for the pair');
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM conversations
      WHERE direct_key = ${[ana.id, beto.id].sort().join(':')}`.execute(f.ctx.db.db);
    assert.equal(rows.rows[0]?.n, 1);
    assert.equal(await f.events('conversacion.creada', [...ids][0] as string), 1);
  });

  it('makes a group of three or more, a new one each time, with its title', async () => {
    const [ana, beto, caro] = await f.users(3);
    const first = await f.conversation(ana, [beto, caro], 'Viaje');
    const second = await f.conversation(ana, [beto, caro], 'Viaje');
    assert.notEqual(first, second);
    const seen = await f.get(caro, `/api/chat/conversations/${first}`);
    assert.equal(seen.status, 200, seen.text);
    assert.deepEqual([seen.body.kind, seen.body.title, seen.body.memberIds.length], ['group', 'Viaje', 3]);
  });

  it('refuses a conversation with nobody else, a titled 1:1 and bad member ids, naming the field', async () => {
    const [ana, beto] = await f.users(2);
    assertProblem(await f.create(ana, [ana]), { status: 400, field: 'body.memberIds' });
    assertProblem(await f.create(ana, [beto], 'Nosotros'), { status: 400, field: 'body.title' });
    const bad = await f.app.fetch('/api/chat/conversations', { token: ana.token, json: { memberIds: ['nope'] } });
    assertProblem(bad, { status: 400, field: 'body.memberIds.0' });
    const none = await f.app.fetch('/api/chat/conversations', { token: ana.token, json: { memberIds: [] } });
    assertProblem(none, { status: 400, field: 'body.memberIds' });
    assertProblem(await f.app.fetch('/api/chat/conversations', { json: { memberIds: [beto.id] } }), { status: 401 });
  });

  it("lists the caller's conversations, newest activity first, with last message and unread count", async () => {
    const [ana, beto, caro] = await f.users(3);
    const quiet = await f.conversation(ana, [caro]);
    const busy = await f.conversation(ana, [beto, caro], 'Equipo');
    await f.say(beto, busy, 'hola');
    const last = await f.say(caro, busy, 'qué tal');
    await f.say(ana, busy, 'bien');
    const r = await f.get(beto, '/api/chat/conversations');
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(
      r.body.items.map((c: { id: string }) => c.id),
      [busy],
      'only his',
    );
    const [item] = r.body.items;
    assert.equal(item.lastSeq, 3);
    assert.equal(item.readSeq, 1, 'sending marks read up to one’s own message');
    assert.equal(item.unread, 2);
    assert.equal(item.lastMessage.text, 'bien');
    const mine = await f.get(ana, '/api/chat/conversations');
    assert.deepEqual(
      mine.body.items.map((c: { id: string }) => c.id),
      [busy, quiet],
    );
    assert.equal(mine.body.items[1].lastMessage, null);
    const read = await f.app.fetch(`/api/chat/conversations/${busy}/read`, {
      token: beto.token,
      json: { upToSeq: last.seq },
    });
    assert.equal(read.status, 200, read.text);
    assert.equal((await f.get(beto, `/api/chat/conversations/${busy}`)).body.unread, 1);
    assertProblem(await f.get(beto, `/api/chat/conversations/${randomUUID()}`), { status: 404, code: 'NOT_FOUND' });
  });
});
