import { PedidoPagado } from '@coordina/gamevault-orders/contracts';
import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { LocalizedSender } from '../events/localized.sender';
import { gamevaultTemplates } from './gamevault.templates';

/** GameVault emails to the buyer, in their language: the order's confirmation once it is paid. */
@Injectable()
export class GamevaultConsumer implements OnModuleInit {
  readonly #sender: LocalizedSender<(typeof gamevaultTemplates)['es']>;

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {
    this.#sender = new LocalizedSender(ctx, gamevaultTemplates);
  }

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'notifications.gamevault',
      handlers: [
        on(PedidoPagado, (d, e, tx) => this.#sender.send(tx, e.id, d.userId, 'ticket', (t) => t.orderPaid(d))),
      ],
    });
  }
}
