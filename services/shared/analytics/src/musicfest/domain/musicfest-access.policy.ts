import type { Role } from '@coordina/platform';

export type MusicfestAccess = { kind: 'all' } | { kind: 'own-events'; managerId: string } | { kind: 'forbidden' };

/**
 * Platform admins (the operations console) see every festival event. A manager sees the
 * events they manage: one named event unless it is known to be someone else's, else all of
 * theirs (the report is narrowed to their events either way).
 */
export class MusicfestAccessPolicy {
  decide(
    user: { id: string; roles: readonly Role[] },
    eventId: string | undefined,
    ownerOfEvent: string | undefined,
  ): MusicfestAccess {
    if (user.roles.includes('platform_admin')) return { kind: 'all' };
    if (!user.roles.includes('manager')) return { kind: 'forbidden' };
    if (eventId && ownerOfEvent !== undefined && ownerOfEvent !== user.id) return { kind: 'forbidden' };
    return { kind: 'own-events', managerId: user.id };
  }
}
