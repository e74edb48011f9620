import type { AuthUser } from '@coordina/platform';

/** The roles that moderate GameVault's community (decision 0048): they may delete anyone's content. */
export const MODERATOR_ROLES = ['gamevault_admin', 'platform_admin'] as const;

export function isModerator(user: Pick<AuthUser, 'roles'> | undefined): boolean {
  return user?.roles.some((r) => (MODERATOR_ROLES as readonly string[]).includes(r)) ?? false;
}
