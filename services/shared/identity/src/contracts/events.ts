import { defineEvent, RoleName } from '@coordina/platform';
import { z } from 'zod';
import { Locales, Systems } from './access.events';

export const UserRegistered = defineEvent({
  topic: 'user.registered',
  version: 1,
  key: (d) => d.userId,
  description: 'A new account was created.',
  schema: z.object({
    userId: z.uuid(),
    email: z.email(),
    name: z.string(),
    roles: z.array(RoleName),
    registeredAt: z.iso.datetime({ offset: true }),
    /** Added for MusicFest; absent in events written before. */
    locale: z.enum(Locales).optional(),
    system: z.enum(Systems).optional(),
    phone: z.string().optional(),
    country: z.string().optional(),
  }),
});
