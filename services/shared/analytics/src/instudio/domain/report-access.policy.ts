import type { Role } from '@coordina/platform';

export type ReportAccess = { kind: 'all' } | { kind: 'own-salons'; adminUserId: string } | { kind: 'forbidden' };

/**
 * Platform admins see every salon. A salon admin sees the salons they administer: one
 * named salon if it is theirs, else all of theirs.
 */
export class ReportAccessPolicy {
  decide(
    user: { id: string; roles: readonly Role[] },
    salonId: string | undefined,
    adminOfSalon: string | undefined,
  ): ReportAccess {
    if (user.roles.includes('platform_admin')) return { kind: 'all' };
    if (!user.roles.includes('salon_admin')) return { kind: 'forbidden' };
    if (salonId && adminOfSalon !== user.id) return { kind: 'forbidden' };
    return { kind: 'own-salons', adminUserId: user.id };
  }
}
