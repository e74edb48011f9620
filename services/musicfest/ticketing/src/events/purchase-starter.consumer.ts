import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CompraCreada } from '../contracts/events';
import { SeatLedger } from './seat.ledger';

/**
 * Starts the purchase saga of every purchase accepted with seats (compra.creada PENDING),
 * from the outbox, so the request that reserved them answers without running saga steps.
 * The inbox makes it once per purchase; a purchase cancelled or expired before its saga
 * started is left alone.
 */
@Injectable()
export class PurchaseStarterConsumer implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly ledger: SeatLedger,
  ) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'musicfest-ticketing.purchase-starter',
      handlers: [
        on(CompraCreada, async (d, _event, tx) => {
          if (d.status !== 'PENDING') return;
          const p = await this.ledger.purchases.lockPending(tx, d.purchaseId);
          if (p) await this.ledger.startSaga(tx, p);
        }),
      ],
    });
  }
}
