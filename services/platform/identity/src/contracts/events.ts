import { defineEvent, Roles } from '@coordina/platform';
import { z } from 'zod';

export const UserRegistered = defineEvent({
  topic: 'user.registered',
  version: 1,
  key: (d) => d.userId,
  description: 'A new account was created.',
  schema: z.object({
    userId: z.uuid(),
    email: z.email(),
    name: z.string(),
    roles: z.array(z.enum(Roles)),
    registeredAt: z.iso.datetime({ offset: true }),
  }),
});
