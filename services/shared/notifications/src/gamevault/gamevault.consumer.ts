import { PedidoPagado } from '@coordina/gamevault-orders/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MessageTemplates } from '../domain/message.templates';
import { DeliveryScheduler } from '../events/delivery.scheduler';
import { Notifier } from '../events/notifier';
import { gamevaultTemplates } from './gamevault.templates';

/** GameVault emails to the buyer, in their language: the order's confirmation once it is paid. */
@Injectable()
export class GamevaultConsumer implements OnModuleInit {
  readonly #texts = new MessageTemplates(gamevaultTemplates);
  readonly #notifier: Notifier;
  readonly #scheduler: DeliveryScheduler;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#notifier = new Notifier(ctx.log, ctx.queue);
    this.#scheduler = new DeliveryScheduler(ctx.queue);
  }

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'notifications.gamevault',
      handlers: [
        on(PedidoPagado, async (d, e, tx) => {
          const message = this.#texts.in(await this.#notifier.localeOf(tx, d.userId)).orderPaid(d);
          await this.#scheduler.message(tx, 'ticket', { id: e.id, userId: d.userId, message });
        }),
      ],
    });
  }
}
