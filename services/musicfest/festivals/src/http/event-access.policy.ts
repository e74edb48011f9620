import { AppError, type AuthUser } from '@coordina/platform';
import type { EventRecord } from '../db/event.record';

/** Who may see and change an event: its manager and platform admins. */
export class EventAccessPolicy {
  manages(user: AuthUser | undefined, e: Pick<EventRecord, 'managerId'>): boolean {
    return !!user && (user.roles.includes('platform_admin') || e.managerId === user.id);
  }

  /** Events not on sale yet (or whose fee was declined) exist only for those who manage them. */
  visible(user: AuthUser | undefined, e: Pick<EventRecord, 'managerId' | 'status'>): boolean {
    return (e.status !== 'PENDING_FEE' && e.status !== 'FEE_DECLINED') || this.manages(user, e);
  }

  assertManages(user: AuthUser, e: EventRecord | undefined, id: string): EventRecord {
    if (!e || !this.visible(user, e)) throw new AppError('NOT_FOUND', `event ${id} not found`);
    if (!this.manages(user, e)) throw new AppError('FORBIDDEN', 'only its manager or a platform admin may change it');
    return e;
  }
}
