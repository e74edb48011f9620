import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CompraCreada } from '../contracts/events';
import { TicketingSettings } from '../ticketing.settings';
import { purchaseSaga } from './purchase.saga';
import { PurchaseSagaStarter } from './purchase-saga.starter';
import { SeatLedger } from './seat.ledger';

/**
 * Registers the purchase saga (and with it the consumer of its payment and issuer replies),
 * and starts it for every purchase accepted with seats, from its compra.creada: the request
 * that reserved them answers without running saga steps. The inbox makes the start once per
 * purchase; a purchase cancelled or expired before its saga started is left alone. (A
 * promotion from the waitlist starts the saga in its own transaction.)
 */
@Injectable()
export class PurchaseSagaRegistrar implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly ledger: SeatLedger,
    private readonly settings: TicketingSettings,
    private readonly starter: PurchaseSagaStarter,
  ) {}

  onModuleInit(): void {
    this.ctx.sagas.register(purchaseSaga(this.ledger, this.settings));
    this.ctx.bus.subscribe({
      group: 'musicfest-ticketing.purchase-starter',
      handlers: [
        on(CompraCreada, async (d, _event, tx) => {
          if (d.status !== 'PENDING') return;
          const p = await this.ledger.purchases.lockPending(tx, d.purchaseId);
          if (p) await this.starter.start(tx, p);
        }),
      ],
    });
  }
}
