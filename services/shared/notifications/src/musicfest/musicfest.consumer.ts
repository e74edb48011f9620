import {
  CompraCancelada,
  CompraCompletada,
  CompraCreada,
  CompraPromovida,
  EntradasAgotadas,
  TitularAvisado,
} from '@coordina/musicfest-ticketing/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { MessageCategory } from '../domain/delivery.plan';
import type { Message } from '../domain/message';
import type { Texts } from '../domain/message.templates';
import { LocalizedSender } from '../events/localized.sender';
import { musicfestTemplates } from './musicfest.templates';

type MusicfestTexts = Texts<(typeof musicfestTemplates)['es']>;

/**
 * MusicFest emails, in the recipient's language: purchases, promotions from the waitlist,
 * tickets, cancellations and event notices to the buyer (high priority); sold-out notices
 * to the event's manager (normal). A recipient with no known address still gets the feed entry.
 */
@Injectable()
export class MusicfestConsumer implements OnModuleInit {
  readonly #sender: LocalizedSender<(typeof musicfestTemplates)['es']>;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#sender = new LocalizedSender(ctx, musicfestTemplates);
  }

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'notifications.musicfest',
      handlers: [
        on(CompraCreada, (d, e, tx) => this.#send(tx, e.id, d.userId, 'ticket', (t) => t.purchaseCreated(d))),
        on(CompraPromovida, (d, e, tx) => this.#send(tx, e.id, d.userId, 'ticket', (t) => t.purchasePromoted(d))),
        on(CompraCompletada, (d, e, tx) => this.#send(tx, e.id, d.userId, 'ticket', (t) => t.ticketsIssued(d))),
        on(CompraCancelada, (d, e, tx) => this.#send(tx, e.id, d.userId, 'ticket', (t) => t.purchaseCancelled(d))),
        on(TitularAvisado, (d, e, tx) => this.#send(tx, e.id, d.userId, 'ticket', (t) => t.holderNotice(d))),
        on(EntradasAgotadas, (d, e, tx) => this.#send(tx, e.id, d.managerId, 'notice', (t) => t.soldOut(d))),
      ],
    });
  }

  #send(tx: Tx, id: string, userId: string, c: MessageCategory, render: (t: MusicfestTexts) => Message): Promise<void> {
    return this.#sender.send(tx, id, userId, c, render);
  }
}
