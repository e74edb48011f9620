import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { assertProblem, eventually, testUser } from '@coordina/platform/testing';
import { type ChatUser, MessagingFixture } from './messaging.fixture';

describe('Chat messaging: search, blocks, reports, payments', () => {
  let f: MessagingFixture;

  before(async () => {
    f = await MessagingFixture.withPayments();
  });
  after(() => f?.close());

  const search = (who: ChatUser, q: string, extra = '') =>
    f.get(who, `/api/chat/search?q=${encodeURIComponent(q)}${extra}`);
  const textsOf = (items: { text: string }[]) => items.map((m) => m.text).sort();

  it("finds words in the caller's conversations only, leaves deleted messages out and searches edits as they are", async () => {
    const [ana, beto, eve] = await f.users(3);
    const word = `zorro${randomUUID().slice(0, 8)}`;
    const ours = await f.conversation(ana, [beto]);
    const theirs = await f.conversation(eve, [beto]);
    await f.say(ana, ours, `el ${word} salta la cerca`);
    const edited = await f.say(beto, ours, 'nada que ver');
    const deleted = await f.say(ana, ours, `otro ${word} borrado`);
    await f.say(eve, theirs, `un ${word} ajeno`);

    const found = await search(ana, word);
    assert.equal(found.status, 200, found.text);
    assert.deepEqual(textsOf(found.body.items), [`el ${word} salta la cerca`, `otro ${word} borrado`]);
    assert.equal((await search(beto, word)).body.items.length, 3, 'beto is in both conversations');

    const at = (id: string) => `/api/chat/conversations/${ours}/messages/${id}`;
    assert.equal((await f.app.fetch(at(deleted.id), { method: 'DELETE', token: ana.token })).status, 204);
    const edit = await f.app.fetch(at(edited.id), {
      method: 'PATCH',
      token: beto.token,
      json: { text: `ahora sí hay ${word}` },
    });
    assert.equal(edit.status, 200, edit.text);
    const after = await search(ana, word);
    assert.deepEqual(textsOf(after.body.items), [`ahora sí hay ${word}`, `el ${word} salta la cerca`]);
    assert.deepEqual((await search(ana, 'nada que ver')).body.items, [], 'the old text is no longer indexed');

    const page1 = await search(ana, word, '&limit=1');
    const page2 = await search(ana, word, '&limit=1&offset=1');
    assert.deepEqual([page1.body.items.length, page1.body.hasMore, page2.body.hasMore], [1, true, false]);
    assert.notEqual(page1.body.items[0].id, page2.body.items[0].id);
    assertProblem(await search(ana, 'a'), { status: 400, field: 'query.q' });
    assertProblem(await f.app.fetch(`/api/chat/search?q=${word}`), { status: 401 });
  });

  it('refuses a blocked user a new 1:1 and sends into the existing one, until unblocked; groups are not affected', async () => {
    const [ana, beto, caro] = await f.users(3);
    const direct = await f.conversation(ana, [beto]);
    const group = await f.conversation(ana, [beto, caro], 'Grupo');
    const block = await f.app.fetch(`/api/chat/blocks/${beto.id}`, { method: 'PUT', token: ana.token });
    assert.equal(block.status, 204, block.text);
    assert.equal((await f.app.fetch(`/api/chat/blocks/${beto.id}`, { method: 'PUT', token: ana.token })).status, 204);
    assert.deepEqual(
      (await f.get(ana, '/api/chat/blocks')).body.items.map((b: { userId: string }) => b.userId),
      [beto.id],
    );

    assertProblem(await f.send(beto, direct, { clientId: 'x', text: 'hola?' }), {
      status: 403,
      code: 'BLOCKED_BY_USER',
    });
    assertProblem(await f.create(beto, [ana]), { status: 403, code: 'BLOCKED_BY_USER' });
    assertProblem(
      await f.app.fetch(`/api/chat/conversations/${direct}/payments`, {
        token: beto.token,
        json: { clientId: 'p', toUserId: ana.id, amountCents: 500, paymentMethod: 'pm_card_visa' },
      }),
      { status: 403, code: 'BLOCKED_BY_USER' },
    );
    assert.equal((await f.get(ana, `/api/chat/conversations/${direct}`)).body.lastSeq, 0, 'the refusals took no seq');
    await f.say(ana, direct, 'the blocker may still write');
    await f.say(beto, group, 'groups are not blocked');

    assertProblem(await f.app.fetch(`/api/chat/blocks/${ana.id}`, { method: 'PUT', token: ana.token }), {
      status: 400,
      field: 'params.userId',
    });
    assert.equal(
      (await f.app.fetch(`/api/chat/blocks/${beto.id}`, { method: 'DELETE', token: ana.token })).status,
      204,
    );
    await f.say(beto, direct, 'unblocked');
  });

  it('stores a report once per reporter and lists reports to admins only', async () => {
    const [ana, beto, caro, eve] = await f.users(4);
    const id = await f.conversation(ana, [beto, caro]);
    const msg = await f.say(ana, id, 'mensaje ofensivo');
    const report = (who: ChatUser, reason = 'spam y acoso') =>
      f.app.fetch(`/api/chat/conversations/${id}/messages/${msg.id}/report`, { token: who.token, json: { reason } });
    const first = await report(beto);
    assert.equal(first.status, 201, first.text);
    assert.deepEqual(
      [first.body.reporterId, first.body.senderId, first.body.text],
      [beto.id, ana.id, 'mensaje ofensivo'],
    );
    const again = await Promise.all([report(beto), report(beto, 'otra vez')]);
    for (const r of again) assertProblem(r, { status: 409, code: 'ALREADY_REPORTED' });
    assert.equal((await report(caro)).status, 201, 'another member may report it too');
    assertProblem(await report(ana), { status: 400, field: 'params.messageId' });
    assertProblem(await report(eve), { status: 404, code: 'NOT_FOUND' });
    assertProblem(await report(caro, 'x'), { status: 400, field: 'body.reason' });
    const rows = await sql<{ n: number }>`SELECT count(*)::int AS n FROM message_reports
      WHERE message_id = ${msg.id}`.execute(f.ctx.db.db);
    assert.equal(rows.rows[0]?.n, 2);

    assertProblem(await f.get(beto, '/api/chat/reports'), { status: 403 });
    const admin = await testUser(f.app, ['platform_admin']);
    const list = await f.app.fetch('/api/chat/reports?limit=200', { token: admin.token });
    assert.equal(list.status, 200, list.text);
    const mine = list.body.items.filter((r: { messageId: string }) => r.messageId === msg.id);
    assert.deepEqual(mine.map((r: { reporterId: string }) => r.reporterId).sort(), [beto.id, caro.id].sort());
  });

  it("lets a group's creator add and remove members, any member leave, and announces each change", async () => {
    const [ana, beto, caro, dani] = await f.users(4);
    const id = await f.conversation(ana, [beto, caro], 'Club');
    await f.say(beto, id, 'antes de Dani');
    const members = (who: ChatUser, ids: ChatUser[]) =>
      f.app.fetch(`/api/chat/conversations/${id}/members`, {
        token: who.token,
        json: { memberIds: ids.map((u) => u.id) },
      });
    const remove = (who: ChatUser, target: ChatUser) =>
      f.app.fetch(`/api/chat/conversations/${id}/members/${target.id}`, { method: 'DELETE', token: who.token });

    assertProblem(await f.get(dani, `/api/chat/conversations/${id}`), { status: 404 });
    assertProblem(await members(beto, [dani]), { status: 403, code: 'FORBIDDEN' });
    const added = await members(ana, [dani, beto]);
    assert.equal(added.status, 200, added.text);
    assert.deepEqual(added.body.memberIds, [ana, beto, caro, dani].map((u) => u.id).sort());
    const seen = await f.get(dani, `/api/chat/conversations/${id}`);
    assert.deepEqual([seen.status, seen.body.unread], [200, 0], 'a new member sees the group, nothing unread');
    assert.equal((await f.get(dani, `/api/chat/conversations/${id}/messages`)).body.items.length, 1);
    await f.say(dani, id, 'hola a todos');

    assertProblem(await remove(beto, caro), { status: 403, code: 'FORBIDDEN' });
    assert.equal((await remove(ana, caro)).status, 204);
    assert.equal((await remove(ana, caro)).status, 204, 'idempotent');
    assertProblem(await f.send(caro, id, { clientId: 'x', text: 'sigo aquí?' }), { status: 404 });
    assert.equal((await remove(beto, beto)).status, 204, 'a member leaves');
    assertProblem(await remove(ana, ana), { status: 400, field: 'params.userId' });
    assert.deepEqual(
      (await f.get(ana, `/api/chat/conversations/${id}`)).body.memberIds,
      [ana, dani].map((u) => u.id).sort(),
    );
    assert.equal(await f.events('conversacion.miembros-cambiados', id), 3);

    const direct = await f.conversation(ana, [beto]);
    const fixed = await f.app.fetch(`/api/chat/conversations/${direct}/members`, {
      token: ana.token,
      json: { memberIds: [caro.id] },
    });
    assertProblem(fixed, { status: 409, code: 'CONFLICT' });
  });

  describe('money sent inside a conversation', () => {
    const pay = (who: ChatUser, conversationId: string, body: Record<string, unknown>) =>
      f.app.fetch(`/api/chat/conversations/${conversationId}/payments`, { token: who.token, json: body });
    const messageAt = async (who: ChatUser, conversationId: string, seq: number) => {
      const page = await f.get(who, `/api/chat/conversations/${conversationId}/messages?after=${seq - 1}&limit=1`);
      assert.equal(page.status, 200, page.text);
      return page.body.items[0];
    };
    const settled = (who: ChatUser, conversationId: string, seq: number) =>
      eventually(async () => {
        const m = await messageAt(who, conversationId, seq);
        return m.payment.status !== 'pending' && m;
      }, 20_000);
    const sentEvent = async (messageId: string) => {
      const r = await sql<{ data: { message: { payment: { status: string } } } }>`SELECT event->'data' AS data
        FROM coordina_outbox WHERE topic = 'mensaje.enviado' AND event->'data'->'message'->>'id' = ${messageId}`.execute(
        f.ctx.db.db,
      );
      return r.rows[0]?.data;
    };

    it('shows pending, then paid once the provider webhook confirms the charge, and tells the members', async () => {
      const [ana, beto] = await f.users(2);
      const id = await f.conversation(ana, [beto]);
      const body = {
        clientId: 'pay-1',
        toUserId: beto.id,
        amountCents: 2_550,
        paymentMethod: 'pm_card_visa',
        note: 'la cena',
      };
      const sent = await pay(ana, id, body);
      assert.equal(sent.status, 201, sent.text);
      assert.equal((await sentEvent(sent.body.id))?.message.payment.status, 'pending', 'announced as pending');
      const repeat = await pay(ana, id, body);
      assert.deepEqual(repeat.body, sent.body, 'a repeated clientId answers the stored payment');

      const m = await settled(beto, id, sent.body.seq);
      assert.equal(m.kind, 'payment');
      assert.equal(m.text, 'la cena');
      assert.deepEqual(m.payment, {
        paymentId: sent.body.paymentId,
        toUserId: beto.id,
        amountCents: 2_550,
        currency: 'PEN',
        status: 'paid',
        reason: null,
      });
      assert.equal(await f.events('mensaje.pago-actualizado', id), 1);
      const payment = await f.get(ana, `/api/payments/${sent.body.paymentId}`);
      assert.equal(payment.status, 200, payment.text);
      assert.equal(payment.body.amount, 2_550);
    });

    it('shows failed with the reason when the provider declines the method', async () => {
      const [ana, beto, caro] = await f.users(3);
      const id = await f.conversation(ana, [beto, caro], 'Vaca');
      const sent = await pay(caro, id, {
        clientId: 'pay-x',
        toUserId: ana.id,
        amountCents: 1_000,
        paymentMethod: 'pm_card_chargeDeclined',
      });
      assert.equal(sent.status, 201, sent.text);
      const m = await settled(ana, id, sent.body.seq);
      assert.equal(m.payment.status, 'failed');
      assert.match(m.payment.reason, /decline/);
      assert.equal(await f.events('mensaje.pago-actualizado', id), 1);
    });

    it('refuses paying oneself, a non-member, amounts out of range and outsiders, taking no seq', async () => {
      const [ana, beto, eve] = await f.users(3);
      const id = await f.conversation(ana, [beto]);
      const base = { clientId: 'p', toUserId: beto.id, amountCents: 1_000, paymentMethod: 'pm_card_visa' };
      assertProblem(await pay(ana, id, { ...base, toUserId: ana.id }), { status: 400, field: 'body.toUserId' });
      assertProblem(await pay(ana, id, { ...base, toUserId: eve.id }), { status: 400, field: 'body.toUserId' });
      assertProblem(await pay(ana, id, { ...base, amountCents: 99 }), { status: 400, field: 'body.amountCents' });
      assertProblem(await pay(ana, id, { ...base, amountCents: 500_001 }), { status: 400, field: 'body.amountCents' });
      assertProblem(await pay(ana, id, { ...base, amountCents: 10.5 }), { status: 400, field: 'body.amountCents' });
      assertProblem(await pay(eve, id, { ...base, toUserId: ana.id }), { status: 404, code: 'NOT_FOUND' });
      assert.equal((await f.get(ana, `/api/chat/conversations/${id}`)).body.lastSeq, 0);
    });
  });
});
