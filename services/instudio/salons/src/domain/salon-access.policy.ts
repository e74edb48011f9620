import type { Role } from '@coordina/platform';

/** Who may change a salon: a platform admin, or the salon admin the salon names. */
export class SalonAccessPolicy {
  canManage(user: { id: string; roles: readonly Role[] }, salon: { adminUserId: string }): boolean {
    if (user.roles.includes('platform_admin')) return true;
    return user.roles.includes('salon_admin') && salon.adminUserId === user.id;
  }

  /** Handing a salon to another admin is a platform decision. */
  canReassign(user: { roles: readonly Role[] }): boolean {
    return user.roles.includes('platform_admin');
  }
}
