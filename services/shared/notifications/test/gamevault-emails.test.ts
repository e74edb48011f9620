import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { PedidoPagado } from '@coordina/gamevault-orders/contracts';
import { useNotificationsApp } from './notifications.fixture';

describe('GameVault emails', () => {
  const notifications = useNotificationsApp();

  it("confirms a paid order to its buyer, in the buyer's language, at high priority", async () => {
    for (const [locale, subject] of [
      ['es', 'Confirmación de tu pedido'],
      ['en', 'Your order'],
    ] as const) {
      const u = await notifications.knownUser(locale, ['buyer']);
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
      const mail = (await notifications.recordedEmails(u.email, 2))[1];
      assert.ok(mail?.subject.startsWith(subject), mail?.subject);
      assert.ok(mail?.subject.includes(orderId.slice(0, 8).toUpperCase()), mail?.subject);
      assert.match(mail?.body ?? '', /398[.,]84/);
      assert.match(mail?.body ?? '', /2 × Elden Ring/);
      assert.equal(mail?.priority, 2, 'high, like tickets');
    }
  });
});
