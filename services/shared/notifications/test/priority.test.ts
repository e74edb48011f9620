import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { CodigoAccesoEmitido, MailSecrets, UserRegistered } from '@coordina/identity/contracts';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { DELIVERY_QUEUE } from '../src/domain/delivery.job';
import type { PromotionDelivery } from '../src/instudio/instudio.deliveries';
import { useNotificationsApp } from './notifications.fixture';

const FLOOD = 1500;
const USERS = 20;

describe('notifications priority: security before marketing', () => {
  const notifications = useNotificationsApp({ smtp: true });
  const smtp = notifications.smtp;

  const floodLeft = async () =>
    (
      await sql<{ n: number }>`SELECT count(*)::int AS n FROM pgboss.job
        WHERE name = ${DELIVERY_QUEUE} AND singleton_key LIKE 'flood:%' AND state IN ('created', 'retry', 'active')`.execute(
        notifications.ctx.db.db,
      )
    ).rows[0]?.n ?? 0;

  it('sends a sign-in code while a backlog of low-priority promotions is still waiting', async () => {
    // Users for the promotions to reach, so each marketing job does real work.
    await notifications.ctx.db.transaction(async (tx) => {
      for (let i = 0; i < USERS; i++) {
        await notifications.ctx.bus.publish(tx, UserRegistered, {
          userId: randomUUID(),
          email: `p-${randomUUID().slice(0, 8)}@example.test`,
          name: 'P',
          roles: ['client'],
          registeredAt: new Date().toISOString(),
          locale: i % 2 ? 'en' : 'es',
        });
      }
    });
    await eventually(async () => smtp.received.length >= USERS, 20_000);

    const validTo = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const flood = Array.from({ length: FLOOD }, (_, i) => {
      const data: PromotionDelivery = {
        type: 'promotion',
        key: `flood:${i}`,
        promotionId: randomUUID(),
        salonName: 'Salón Lima',
        name: `Promo ${i}`,
        discountPercent: 10,
        validTo,
      };
      return { data, priority: 'low' as const, singletonKey: data.key };
    });
    await notifications.ctx.queue.sendMany<PromotionDelivery>(DELIVERY_QUEUE, flood);
    // The backlog is being worked on before the security event arrives.
    await eventually(async () => (await floodLeft()) < FLOOD);

    const email = `sec-${randomUUID().slice(0, 8)}@example.test`;
    await notifications.ctx.db.transaction((tx) =>
      notifications.ctx.bus.publish(tx, CodigoAccesoEmitido, {
        userId: randomUUID(),
        email,
        name: 'Sec',
        locale: 'en',
        system: 'musicfest',
        purpose: 'login_2fa',
        sealedCode: MailSecrets.fromJwtSecret(notifications.ctx.config.jwtSecret).seal('424242', email),
        expiresAt: new Date(Date.now() + 600_000).toISOString(),
      }),
    );
    const code = await eventually(async () => smtp.to(email)[0], 20_000);
    const left = await floodLeft();
    assert.equal(code.subject, 'Your sign-in code');
    assert.match(code.text, /424242/);
    assert.ok(left > FLOOD / 4, `the code email waited for the backlog: only ${left} of ${FLOOD} promotions left`);

    // Marketing is delayed, not lost: the backlog drains afterwards.
    await eventually(async () => (await floodLeft()) === 0, 120_000, 250);
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM notifications
      WHERE kind = 'promotion'`.execute(notifications.ctx.db.db);
    assert.equal(r.rows[0]?.n, FLOOD * USERS);
  });
});
