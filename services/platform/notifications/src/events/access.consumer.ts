import {
  AccessCodeIssued,
  AccountLocked,
  PasswordResetRequested,
  SuspiciousLoginDetected,
} from '@coordina/identity/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MessageTemplates } from '../domain/message.templates';
import { DeliveryScheduler } from './delivery.scheduler';

/**
 * Access emails (codes, reset links, lockouts, suspicious sign-ins) at urgent priority, in
 * the language and to the address the event carries: the account may be new or unverified,
 * so it need not be in the recipients replica yet. Its own group, so security emails never
 * wait behind a backlog of other events.
 */
@Injectable()
export class AccessConsumer implements OnModuleInit {
  readonly #templates = new MessageTemplates();
  readonly #scheduler: DeliveryScheduler;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#scheduler = new DeliveryScheduler(ctx.queue);
  }

  onModuleInit(): void {
    const t = (locale: string) => this.#templates.in(locale);
    const s = this.#scheduler;
    const to = (d: { userId: string; email: string }, id: string) => ({ id, userId: d.userId, to: d.email });
    this.ctx.bus.subscribe({
      group: 'notifications.access',
      // Someone is at the login or sign-up screen waiting for this code: never waits for a rush.
      urgent: true,
      handlers: [
        on(AccessCodeIssued, (d, e, tx) =>
          s.message(tx, 'security', { ...to(d, e.id), message: t(d.locale).accessCode(d) }),
        ),
        on(PasswordResetRequested, (d, e, tx) =>
          s.message(tx, 'security', { ...to(d, e.id), message: t(d.locale).passwordReset(d) }),
        ),
        on(SuspiciousLoginDetected, (d, e, tx) =>
          s.message(tx, 'security', { ...to(d, e.id), message: t(d.locale).suspiciousLogin(d) }),
        ),
        on(AccountLocked, (d, e, tx) =>
          s.message(tx, 'security', { ...to(d, e.id), message: t(d.locale).accountLocked(d) }),
        ),
      ],
    });
  }
}
