import {
  AccesoSospechosoDetectado,
  CodigoAccesoEmitido,
  CuentaBloqueada,
  MailSecrets,
  RegistroIntentado,
  RestablecimientoClaveSolicitado,
} from '@coordina/identity/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Message } from '../domain/message';
import { MessageTemplates } from '../domain/message.templates';
import { DeliveryScheduler } from '../events/delivery.scheduler';
import { accessTemplates, REDACTED } from './access.templates';

/**
 * Access emails (codes, reset links, lockouts, suspicious sign-ins) at urgent priority, in
 * the language and to the address the event carries: the account may be new or unverified,
 * so it need not be in the recipients replica yet. Its own group, so security emails never
 * wait behind a backlog of other events. Codes and reset links arrive sealed for the
 * recipient: they are opened only to render the email's real body, which is sealed again
 * at once; everything stored or listed shows them redacted.
 */
@Injectable()
export class AccessConsumer implements OnModuleInit {
  readonly #templates = new MessageTemplates(accessTemplates);
  readonly #scheduler: DeliveryScheduler;
  readonly #secrets: MailSecrets;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#scheduler = new DeliveryScheduler(ctx.queue);
    this.#secrets = MailSecrets.fromJwtSecret(ctx.config.jwtSecret);
  }

  /** The message with `secret` redacted, its email's real body sealed for `to`. */
  #withSecret(to: string, sealed: string, render: (secret: string) => Message): Message {
    const shown = render(REDACTED);
    const real = render(this.#secrets.open(sealed, to));
    if (!shown.email || !real.email) return shown;
    return { ...shown, email: { ...shown.email, sealedBody: this.#secrets.seal(real.email.body, to) } };
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
        on(CodigoAccesoEmitido, (d, e, tx) =>
          s.message(tx, 'security', {
            ...to(d, e.id),
            message: this.#withSecret(d.email, d.sealedCode, (code) => t(d.locale).accessCode({ ...d, code })),
          }),
        ),
        on(RestablecimientoClaveSolicitado, (d, e, tx) =>
          s.message(tx, 'security', {
            ...to(d, e.id),
            message: this.#withSecret(d.email, d.sealedLink, (link) => t(d.locale).passwordReset({ ...d, link })),
          }),
        ),
        on(AccesoSospechosoDetectado, (d, e, tx) =>
          s.message(tx, 'security', { ...to(d, e.id), message: t(d.locale).suspiciousLogin(d) }),
        ),
        on(CuentaBloqueada, (d, e, tx) =>
          s.message(tx, 'security', { ...to(d, e.id), message: t(d.locale).accountLocked(d) }),
        ),
        on(RegistroIntentado, (d, e, tx) =>
          s.message(tx, 'security', { ...to(d, e.id), message: t(d.locale).registrationAttempted(d) }),
        ),
      ],
    });
  }
}
