import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { TicketingSettings } from '../ticketing.settings';
import { purchaseSaga } from './purchase.saga';
import { SeatLedger } from './seat.ledger';

/** Registers the purchase saga (and with it the consumer of its payment and issuer replies). */
@Injectable()
export class PurchaseSagaRegistrar implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly ledger: SeatLedger,
    private readonly settings: TicketingSettings,
  ) {}

  onModuleInit(): void {
    this.ctx.sagas.register(purchaseSaga(this.ledger, this.settings));
  }
}
