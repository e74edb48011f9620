import type { ResumenCanalesPreparado } from '@coordina/chat-channels/contracts';
import type { Locale } from '@coordina/identity/contracts';
import type { EventData } from '@coordina/platform';
import type { Message } from '../domain/message';
import type { MessageFormat } from '../domain/message.format';

type F = MessageFormat;
type Digest = EventData<typeof ResumenCanalesPreparado>;

const lines = (f: F, d: Digest) =>
  d.posts.map((p) => `• ${f.userText(p.channelTitle)}: ${f.userText(p.excerpt)}`).join('\n');

/** Chat channel emails, in Spanish (Peru, the default). */
const es = {
  channelDigest: (f: F, d: Digest): Message => {
    const n = d.posts.length;
    const subject = n === 1 ? 'Una publicación nueva en tus canales' : `${n} publicaciones nuevas en tus canales`;
    const body = 'Esto se publicó en los canales que sigues mientras no estabas:';
    return { kind: 'channel_digest', title: subject, body, email: { subject, body: `${body}\n\n${lines(f, d)}` } };
  },
};

const en: typeof es = {
  channelDigest: (f, d) => {
    const n = d.posts.length;
    const subject = n === 1 ? 'A new post in your channels' : `${n} new posts in your channels`;
    const body = 'This was posted in the channels you follow while you were away:';
    return { kind: 'channel_digest', title: subject, body, email: { subject, body: `${body}\n\n${lines(f, d)}` } };
  },
};

export const chatTemplates: Record<Locale, typeof es> = { es, en };
