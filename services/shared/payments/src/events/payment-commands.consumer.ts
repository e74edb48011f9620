import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PagoSolicitar, ReembolsoSolicitar } from '../contracts/events';
import { PaymentCommands } from './payment-commands.service';

/** Subscribes the payment commands (group `payments.commands`); each runs in its inbox transaction. */
@Injectable()
export class PaymentCommandsConsumer implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly commands: PaymentCommands,
  ) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'payments.commands',
      handlers: [
        on(PagoSolicitar, (data, _event, tx) => this.commands.charge(data, tx)),
        on(ReembolsoSolicitar, (data, _event, tx) => this.commands.refund(data, tx)),
      ],
    });
  }
}
