import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { PedidoPagado } from '@coordina/gamevault-orders/contracts';
import { UserRegistered } from '@coordina/identity/contracts';
import { sql } from '@coordina/platform';
import { eventually } from '@coordina/platform/testing';
import { useNotificationsApp } from './notifications.fixture';

describe('GameVault emails', () => {
  const notifications = useNotificationsApp();

  const emailsTo = (to: string, n: number) =>
    eventually(async () => {
      const r = await sql<{ subject: string; body: string; priority: number }>`SELECT subject, body, priority
        FROM emails WHERE to_address = ${to} AND status = 'RECORDED' ORDER BY created_at`.execute(
        notifications.ctx.db.db,
      );
      return r.rows.length >= n ? r.rows : undefined;
    });

  it("confirms a paid order to its buyer, in the buyer's language, at high priority", async () => {
    for (const [locale, subject] of [
      ['es', 'Confirmación de tu pedido'],
      ['en', 'Your order'],
    ] as const) {
      const u = { userId: randomUUID(), email: `gv-${randomUUID().slice(0, 8)}@example.test`, name: 'Ana' };
      await notifications.publish(UserRegistered, {
        ...u,
        roles: ['buyer'],
        registeredAt: new Date().toISOString(),
        locale,
      });
      await emailsTo(u.email, 1);
      const orderId = randomUUID();
      await notifications.publish(PedidoPagado, {
        orderId,
        userId: u.userId,
        paymentId: randomUUID(),
        items: [
          {
            productId: randomUUID(),
            title: 'Elden Ring',
            format: 'physical',
            unitPriceCents: 16_900,
            quantity: 2,
            lineTotalCents: 33_800,
          },
        ],
        totals: { currency: 'PEN', subtotalCents: 33_800, discountCents: 0, igvCents: 6_084, totalCents: 39_884 },
        at: new Date().toISOString(),
      });
      const mail = (await emailsTo(u.email, 2))[1];
      assert.ok(mail?.subject.startsWith(subject), mail?.subject);
      assert.ok(mail?.subject.includes(orderId.slice(0, 8).toUpperCase()), mail?.subject);
      assert.match(mail?.body ?? '', /398[.,]84/);
      assert.match(mail?.body ?? '', /2 × Elden Ring/);
      assert.equal(mail?.priority, 2, 'high, like tickets');
    }
  });
});
