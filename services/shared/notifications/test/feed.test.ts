import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, it } from 'node:test';
import { identityService } from '@coordina/identity';
import { ReservaCancelada, ReservaConfirmada } from '@coordina/instudio-booking/contracts';
import { PagoFallido, PagoReembolsado } from '@coordina/payments/contracts';
import { AccessTokens, sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { deliveryJobs, handled } from './delivery-jobs';
import { bookingFacts, useNotificationsApp } from './notifications.fixture';

describe('notifications feed', () => {
  const notifications = useNotificationsApp({ alongside: [identityService] });
  const signUp = () => notifications.signUp('Lucía');
  let admin: string;

  before(async () => {
    admin = await new AccessTokens(notifications.app.config.jwtSecret, 300).sign({
      id: randomUUID(),
      email: 'ops@example.test',
      roles: ['platform_admin'],
    });
  });

  const feed = (token: string) =>
    notifications.app
      .fetch('/api/notifications/me', { token })
      .then((r) => r.body.items as { kind: string; title: string }[]);
  const waitForKind = (token: string, kind: string) =>
    eventually(async () => {
      const items = await feed(token);
      return items.some((n) => n.kind === kind) ? items : undefined;
    });

  it('welcomes a newly registered user in the feed and records the welcome email without SMTP', async () => {
    const u = await signUp();
    const items = await waitForKind(u.token, 'welcome');
    assert.equal(items.length, 1);
    assert.match(items[0]?.title ?? '', /Bienvenido/);
    // Identity also emails a verification code on registration: pick the welcome.
    const email = await eventually(async () => {
      const r = await notifications.app.fetch(`/api/notifications/emails?to=${encodeURIComponent(u.email)}`, {
        token: admin,
      });
      const welcome = (r.body.items ?? []).find((e: { subject: string }) => /Bienvenido/.test(e.subject));
      return welcome?.status === 'RECORDED' ? welcome : undefined;
    });
    assert.equal(email.to, u.email);
    assert.match(email.subject, /Bienvenido/);
    assert.ok(email.sentAt);
  });

  it('notifies and emails a confirmed booking, newest first after the welcome', async () => {
    const u = await signUp();
    await waitForKind(u.token, 'welcome');
    await notifications.publish(ReservaConfirmada, { ...bookingFacts(u.id), paymentId: randomUUID(), price: 4500 });
    const items = await waitForKind(u.token, 'booking_confirmed');
    assert.deepEqual(
      items.map((n) => n.kind),
      ['booking_confirmed', 'welcome'],
    );
    const confirmation = await eventually(async () => {
      const r = await notifications.app.fetch(`/api/notifications/emails?to=${encodeURIComponent(u.email)}`, {
        token: admin,
      });
      const e = (r.body.items ?? []).find((x: { subject: string }) => x.subject === 'Tu reserva está confirmada');
      return e?.status === 'RECORDED' ? e : undefined;
    });
    assert.match(confirmation.body, /S\/ 45\.00/);
  });

  it('notifies cancellations, refunds and failed payments in the feed', async () => {
    const u = await signUp();
    await notifications.publish(ReservaCancelada, { ...bookingFacts(u.id), reason: 'payment declined', refund: false });
    await notifications.publish(PagoFallido, {
      paymentId: randomUUID(),
      sagaId: randomUUID(),
      userId: u.id,
      reason: 'card declined',
      reference: 'booking:x',
    });
    await notifications.publish(PagoReembolsado, {
      paymentId: randomUUID(),
      userId: u.id,
      amount: 4500,
      currency: 'PEN',
      reference: 'booking:y',
      reason: 'cancelled by client',
    });
    const items = await eventually(async () => {
      const all = await feed(u.token);
      return all.length === 4 ? all : undefined;
    });
    assert.deepEqual(
      new Set(items.map((n) => n.kind)),
      new Set(['welcome', 'booking_cancelled', 'payment_failed', 'payment_refunded']),
    );
  });

  it('applies each event exactly once, even when the group replays and reprocesses the log', async () => {
    const u = await signUp();
    const b = bookingFacts(u.id);
    const eventId = await notifications.publish(ReservaConfirmada, { ...b, paymentId: randomUUID(), price: 1000 });
    await waitForKind(u.token, 'booking_confirmed');
    const ctx = notifications.ctx;
    const identity = notifications.app.contexts.get('identity');
    assert.ok(identity);
    const registered = (
      await sql<{ id: string }>`SELECT id FROM coordina_outbox
        WHERE topic = 'user.registered' AND key = ${u.id}`.execute(identity.db.db)
    ).rows[0]?.id;
    assert.ok(registered, "the user's registration event");
    const confirmation = `${b.bookingId}:confirmation`;
    await eventually(async () => (await deliveryJobs(ctx, confirmation)).open === 0);
    assert.ok(await handled(ctx, 'notifications.feed', eventId));
    assert.ok(await handled(ctx, 'notifications.feed', registered));
    // Reprocessing forgets the inbox: only the tables' unique event ids and the queue's singleton
    // keys stand between a replay and duplicates. The second replay only moves the other topic
    // back (its inbox is already empty): forgetting again could erase a redelivery that had just
    // been handled, and with it the proof that it was.
    await ctx.bus.replay('notifications.feed', { topic: ReservaConfirmada.topic, offset: 0 }, { reprocess: true });
    await ctx.bus.replay('notifications.feed', { topic: 'user.registered', offset: 0 });
    // Both events handled again (their inbox rows are back), and every delivery job of the booking finished.
    await eventually(
      async () =>
        (await handled(ctx, 'notifications.feed', eventId)) && (await handled(ctx, 'notifications.feed', registered)),
    );
    await eventually(async () => (await deliveryJobs(ctx, confirmation)).open === 0);
    assert.equal((await deliveryJobs(ctx, confirmation)).jobs, 1, 'the replay queued no second confirmation');
    const items = await feed(u.token);
    assert.deepEqual(items.map((n) => n.kind).sort(), ['booking_confirmed', 'welcome']);
    const emails = await sql<{
      n: number;
    }>`SELECT count(*)::int AS n FROM emails WHERE to_address = ${u.email}
      AND subject NOT LIKE 'Tu código%'`.execute(ctx.db.db);
    assert.equal(emails.rows[0]?.n, 2, 'the welcome and the confirmation (besides the verification code)');
  });

  it('marks a notification read, only for its owner', async () => {
    const u = await signUp();
    const other = await signUp();
    const [welcome] = await waitForKind(u.token, 'welcome');
    const id = (welcome as unknown as { id: string }).id;
    assert.equal(
      (await notifications.app.fetch(`/api/notifications/${id}/read`, { method: 'POST', token: other.token })).status,
      404,
    );
    assert.equal(
      (await notifications.app.fetch(`/api/notifications/${id}/read`, { method: 'POST', token: u.token })).status,
      204,
    );
    const items = (await notifications.app.fetch('/api/notifications/me', { token: u.token })).body.items;
    assert.equal(items[0].read, true);
  });

  it('keeps the feed private and the email log for platform admins only', async () => {
    assert.equal((await notifications.app.fetch('/api/notifications/me')).status, 401);
    const u = await signUp();
    const forbidden = await notifications.app.fetch('/api/notifications/emails', { token: u.token });
    assert.equal(forbidden.status, 403);
    assert.equal(forbidden.headers.get('content-type'), 'application/problem+json');
  });

  it('answers bad input with 400 problem+json naming the field', async () => {
    const bad = await notifications.app.fetch('/api/notifications/emails?to=not-an-email', { token: admin });
    assert.equal(bad.status, 400);
    assert.equal(bad.headers.get('content-type'), 'application/problem+json');
    assert.equal(bad.body.errors[0].field, 'query.to');
    const u = await signUp();
    const badId = await notifications.app.fetch('/api/notifications/not-a-uuid/read', {
      method: 'POST',
      token: u.token,
    });
    assert.equal(badId.status, 400);
    assert.equal(badId.body.errors[0].field, 'params.id');
  });
});
