import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { ResumenCanalesPreparado } from '@coordina/chat-channels/contracts';
import { useNotificationsApp } from './notifications.fixture';

describe('Chat emails', () => {
  const notifications = useNotificationsApp();

  it("emails a subscriber's digest of unseen channel posts once, in their language", async () => {
    for (const [locale, subject] of [
      ['es', '2 publicaciones nuevas en tus canales'],
      ['en', '2 new posts in your channels'],
    ] as const) {
      const u = await notifications.knownUser(locale, ['client']);
      const at = new Date().toISOString();
      const digest = {
        digestId: randomUUID(),
        userId: u.userId,
        posts: [
          {
            postId: randomUUID(),
            channelTitle: 'Noticias Lima',
            excerpt: 'Corte de agua en Miraflores',
            createdAt: at,
          },
          { postId: randomUUID(), channelTitle: 'Fútbol', excerpt: 'Alianza ganó 2 a 1', createdAt: at },
        ],
        at,
      };
      await notifications.publish(ResumenCanalesPreparado, digest);
      const mail = (await notifications.recordedEmails(u.email, 2))[1];
      assert.equal(mail?.subject, subject);
      assert.match(mail?.body ?? '', /Noticias Lima: Corte de agua en Miraflores/);
      assert.match(mail?.body ?? '', /Fútbol: Alianza ganó 2 a 1/);
    }
  });
});
