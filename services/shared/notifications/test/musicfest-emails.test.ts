import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { UserRegistered } from '@coordina/identity/contracts';
import {
  CompraCancelada,
  CompraCompletada,
  CompraCreada,
  CompraPromovida,
  EntradasAgotadas,
  TitularAvisado,
} from '@coordina/musicfest-ticketing/contracts';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { DELIVERY_QUEUE } from '../src/domain/delivery.job';
import { deliveryJobs, handled } from './delivery-jobs';
import { useNotificationsApp } from './notifications.fixture';

interface EmailRow {
  subject: string;
  body: string;
  priority: number;
}

describe('MusicFest emails in the recipient’s language', () => {
  const notifications = useNotificationsApp();

  /** A known recipient: registered with a locale, or (an old event) without one. */
  async function register(locale?: 'es' | 'en', roles: ('client' | 'manager')[] = ['client']) {
    const u = { userId: randomUUID(), email: `mf-${randomUUID().slice(0, 8)}@example.test`, name: 'Ana' };
    await notifications.publish(UserRegistered, { ...u, roles, registeredAt: new Date().toISOString(), locale });
    await emailsTo(u.email, 1);
    return u;
  }

  async function emailsTo(to: string, n: number): Promise<EmailRow[]> {
    return eventually(async () => {
      const r = await sql<EmailRow>`SELECT subject, body, priority FROM emails
        WHERE to_address = ${to} AND status = 'RECORDED' ORDER BY created_at`.execute(notifications.ctx.db.db);
      return r.rows.length >= n ? r.rows : undefined;
    });
  }
  /** The email with this subject, once `n` emails reached the address. */
  const emailAbout = async (to: string, n: number, subject: string) => {
    const found = (await emailsTo(to, n)).find((e) => e.subject === subject);
    assert.ok(found, `no email "${subject}" to ${to}`);
    return found;
  };
  const feedOf = async (userId: string) =>
    (
      await sql<{ kind: string; body: string }>`SELECT kind, body FROM notifications
        WHERE user_id = ${userId} ORDER BY created_at`.execute(notifications.ctx.db.db)
    ).rows;

  const event = { eventId: randomUUID(), eventName: 'Vivo x el Rock', managerId: randomUUID() };
  const purchase = (userId: string) => ({ ...event, purchaseId: randomUUID(), userId });
  const items = [{ ticketTypeId: randomUUID(), quantity: 2, unitPrice: 15_000 }];
  const now = () => new Date().toISOString();

  it('welcomes in English a user registered with locale en, and in Spanish one without a locale', async () => {
    const en = await register('en');
    const es = await register();
    assert.equal((await emailsTo(en.email, 1))[0]?.subject, 'Welcome to Coordina');
    assert.equal((await emailsTo(es.email, 1))[0]?.subject, 'Bienvenido a Coordina');
    const r = await sql<{ locale: string }>`SELECT locale FROM users WHERE user_id = ${es.userId}`.execute(
      notifications.ctx.db.db,
    );
    assert.equal(r.rows[0]?.locale, 'es');
  });

  it('emails an English buyer the purchase, its tickets with every code, at high priority', async () => {
    const u = await register('en');
    const p = purchase(u.userId);
    const created = await notifications.publish(CompraCreada, {
      ...p,
      status: 'PENDING',
      items,
      total: 30_000,
      currency: 'PEN',
      at: now(),
    });
    const tickets = [
      { code: `MF-${randomUUID().slice(0, 8)}`, ticketTypeId: items[0]?.ticketTypeId ?? '' },
      { code: `MF-${randomUUID().slice(0, 8)}`, ticketTypeId: items[0]?.ticketTypeId ?? '' },
    ];
    await notifications.publish(CompraCompletada, {
      ...p,
      items,
      total: 30_000,
      commission: 900,
      currency: 'PEN',
      paymentId: randomUUID(),
      fromWaitlist: false,
      tickets,
      at: now(),
    });
    const received = await emailAbout(u.email, 3, 'We received your purchase for Vivo x el Rock');
    const issued = await emailAbout(u.email, 3, 'Your tickets for Vivo x el Rock');
    assert.match(received.body, /2 tickets for Vivo x el Rock for S\/ 300\.00/);
    assert.equal(received.priority, 2);
    for (const t of tickets) assert.ok(issued.body.includes(t.code), issued.body);
    assert.equal((await notifications.ctx.queue.find(DELIVERY_QUEUE, `event:${created}`))?.level, 'high');
    assert.deepEqual((await feedOf(u.userId)).map((n) => n.kind).sort(), [
      'purchase_created',
      'tickets_issued',
      'welcome',
    ]);
  });

  it('tells a Spanish buyer their waitlist position, the promotion to payment and the refund', async () => {
    const u = await register('es');
    const p = purchase(u.userId);
    await notifications.publish(CompraCreada, {
      ...p,
      status: 'WAITLISTED',
      position: 7,
      items,
      total: 30_000,
      currency: 'PEN',
      at: now(),
    });
    const waitlisted = await emailAbout(u.email, 2, 'Estás en la lista de espera de Vivo x el Rock (posición 7)');
    assert.match(waitlisted.body, /en la posición 7\./);
    await notifications.publish(CompraPromovida, { ...p, waitedSeconds: 12, at: now() });
    const promoted = await emailAbout(u.email, 3, 'Tus entradas para Vivo x el Rock están reservadas');
    assert.match(promoted.body, /Estamos procesando tu pago/);
    await notifications.publish(CompraCancelada, {
      ...p,
      status: 'CANCELLED',
      reason: 'buyer_cancelled',
      refunded: 30_000,
      currency: 'PEN',
      at: now(),
    });
    const cancelled = await emailAbout(u.email, 4, 'Tu compra para Vivo x el Rock fue cancelada');
    assert.match(cancelled.body, /porque la cancelaste\. Te reembolsamos S\/ 300\.00\./);
  });

  it('tells an expired purchase without a refund', async () => {
    const u = await register('en');
    await notifications.publish(CompraCancelada, {
      ...purchase(u.userId),
      status: 'EXPIRED',
      reason: 'payment_timeout',
      refunded: 0,
      currency: 'PEN',
      at: now(),
    });
    const expired = await emailAbout(u.email, 2, 'Your purchase for Vivo x el Rock expired');
    assert.doesNotMatch(expired.body, /refunded/);
  });

  it('tells ticket holders an event changed (with the fields) or was cancelled', async () => {
    const u = await register('es');
    const startsAt = '2030-05-10T01:00:00.000Z';
    const notice = { ...purchase(u.userId), startsAt, place: 'Estadio Nacional', at: now() };
    await notifications.publish(TitularAvisado, { ...notice, kind: 'changed', changedFields: ['startsAt', 'place'] });
    const changed = await emailAbout(u.email, 2, 'Cambios en Vivo x el Rock');
    assert.match(changed.body, /cambió \(fecha y hora y lugar\)\. Ahora es el .+ en Estadio Nacional\./);
    await notifications.publish(TitularAvisado, { ...notice, kind: 'cancelled', changedFields: [] });
    const cancelled = await emailAbout(u.email, 3, 'Vivo x el Rock fue cancelado');
    assert.equal(cancelled.priority, 2);
  });

  it("tells the event's manager a ticket type sold out, at normal priority", async () => {
    const manager = await register('en', ['manager']);
    const id = await notifications.publish(EntradasAgotadas, {
      ...event,
      managerId: manager.userId,
      ticketTypeId: randomUUID(),
      ticketTypeName: 'VIP',
      at: now(),
    });
    const soldOut = await emailAbout(manager.email, 2, 'Sold out: VIP for Vivo x el Rock');
    assert.equal(soldOut.priority, 1);
    assert.equal((await notifications.ctx.queue.find(DELIVERY_QUEUE, `event:${id}`))?.level, 'normal');
  });

  it('emails a purchase once, even when the group replays and reprocesses the log', async () => {
    const u = await register('es');
    const id = await notifications.publish(CompraCreada, {
      ...purchase(u.userId),
      status: 'PENDING',
      items,
      total: 30_000,
      currency: 'PEN',
      at: now(),
    });
    await emailsTo(u.email, 2);
    const key = `event:${id}`;
    await eventually(async () => (await deliveryJobs(notifications.ctx, key)).open === 0);
    await notifications.ctx.bus.replay(
      'notifications.musicfest',
      { topic: CompraCreada.topic, offset: 0 },
      { reprocess: true },
    );
    // The purchase handled again (its inbox row is back), then every delivery job for it finished.
    await eventually(() => handled(notifications.ctx, 'notifications.musicfest', id));
    await eventually(async () => (await deliveryJobs(notifications.ctx, key)).open === 0);
    assert.equal((await deliveryJobs(notifications.ctx, key)).jobs, 1, 'the replay queued no second delivery');
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM emails WHERE event_id = ${id}`.execute(
      notifications.ctx.db.db,
    );
    assert.equal(r.rows[0]?.n, 1);
    assert.equal((await feedOf(u.userId)).filter((n) => n.kind === 'purchase_created').length, 1);
  });

  it('writes the feed entry but no email for a buyer this service does not know', async () => {
    const userId = randomUUID();
    const id = await notifications.publish(CompraCreada, {
      ...purchase(userId),
      status: 'PENDING',
      items,
      total: 30_000,
      currency: 'PEN',
      at: now(),
    });
    const feed = await eventually(async () => {
      const f = await feedOf(userId);
      return f.length ? f : undefined;
    });
    assert.equal(feed[0]?.kind, 'purchase_created');
    assert.match(feed[0]?.body ?? '', /Recibimos tu compra/);
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM emails WHERE event_id = ${id}`.execute(
      notifications.ctx.db.db,
    );
    assert.equal(r.rows[0]?.n, 0);
  });
});
