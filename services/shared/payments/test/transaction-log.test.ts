import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from '@coordina/platform';
import { PaymentsFixture } from './payments.fixture';

describe('payments: the append-only transaction log', () => {
  let f: PaymentsFixture;
  before(async () => {
    f = await PaymentsFixture.start();
  });
  after(() => f.close());

  const rows = async (paymentId: string) =>
    (
      await sql<{ id: number; type: string; detail: unknown }>`SELECT id, type, detail FROM payment_events
        WHERE payment_id = ${paymentId} ORDER BY id`.execute(f.ctx.db.db)
    ).rows;

  it('refuses UPDATE, DELETE and TRUNCATE of the log, and every row stays as it was', async () => {
    const cmd = await f.requestPayment();
    await f.waitForEvent('pago.autorizado', cmd.paymentId);
    const before = await rows(cmd.paymentId);
    assert.deepEqual(
      before.map((r) => r.type),
      ['requested', 'submitted', 'succeeded'],
    );
    const db = f.ctx.db.db;
    await assert.rejects(
      sql`UPDATE payment_events SET type = 'forged', detail = '{}' WHERE payment_id = ${cmd.paymentId}`.execute(db),
      /append-only/,
    );
    await assert.rejects(
      sql`DELETE FROM payment_events WHERE payment_id = ${cmd.paymentId}`.execute(db),
      /append-only/,
    );
    await assert.rejects(sql`TRUNCATE payment_events`.execute(db), /append-only/);
    // Inside a transaction too: the statement fails, nothing is changed.
    await assert.rejects(
      f.ctx.db.transaction(async (tx) => {
        await sql`INSERT INTO payment_events (payment_id, type) VALUES (${cmd.paymentId}, 'appended')`.execute(tx);
        await sql`DELETE FROM payment_events WHERE payment_id = ${cmd.paymentId} AND type = 'succeeded'`.execute(tx);
      }),
      /append-only/,
    );
    assert.deepEqual(await rows(cmd.paymentId), before);
  });

  it("shows a payment's log to a platform admin only, in order", async () => {
    const cmd = await f.requestPayment({ paymentMethod: 'pm_card_chargeDeclined' });
    await f.waitForEvent('pago.fallido', cmd.paymentId);
    const path = `/api/payments/${cmd.paymentId}/log`;
    const admin = await f.app.fetch(path, { token: await f.token(randomUUID(), ['platform_admin']) });
    assert.equal(admin.status, 200, admin.text);
    assert.equal(admin.body.paymentId, cmd.paymentId);
    assert.deepEqual(
      admin.body.entries.map((e: { type: string }) => e.type),
      ['requested', 'submitted', 'failed'],
    );
    const failed = admin.body.entries[2];
    assert.deepEqual(
      [failed.detail.from, failed.detail.to, failed.detail.reason],
      ['PENDING', 'FAILED', 'card_declined'],
    );
    const seqs = admin.body.entries.map((e: { seq: number }) => e.seq);
    assert.deepEqual(
      seqs,
      [...seqs].sort((a, b) => a - b),
    );
    const owner = await f.app.fetch(path, { token: await f.token(cmd.userId) });
    assert.equal(owner.status, 403);
    const missing = await f.app.fetch(`/api/payments/${randomUUID()}/log`, {
      token: await f.token(randomUUID(), ['platform_admin']),
    });
    assert.equal(missing.status, 404);
  });
});
