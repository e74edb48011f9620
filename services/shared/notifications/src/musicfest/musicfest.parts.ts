import type { Message } from '../domain/message';

/** Pieces the MusicFest texts of every language share. */
export const musicfestParts = {
  seats: (items: { quantity: number }[]) => items.reduce((n, i) => n + i.quantity, 0),
  codes: (tickets: { code: string }[]) => tickets.map((t) => `  ${t.code}`).join('\n'),
  /** The message with an email that says the same, plus `extra`. */
  mail: (m: Omit<Message, 'email'>, subject: string, extra = ''): Message => ({
    ...m,
    email: { subject, body: `${m.body}${extra}` },
  }),
};
