import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { EmisionFallida, EntradasAnular, EntradasEmitidas, EntradasEmitir } from '../contracts/events';
import { FaultsRepository } from '../db/faults.repository';
import { PurchasesRepository } from '../db/purchases.repository';
import { TicketsRepository } from '../db/tickets.repository';
import { TicketingSettings } from '../ticketing.settings';

/**
 * The ticket issuer: issues a paid purchase's tickets (idempotent per purchase and seq) and
 * voids them. Both commands are keyed by purchase, so when one purchase's command is parked
 * in the failed registry its later commands are held while other purchases flow.
 */
@Injectable()
export class IssuerConsumer implements OnModuleInit {
  readonly #purchases = new PurchasesRepository();
  readonly #tickets = new TicketsRepository();
  readonly #faults = new FaultsRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: TicketingSettings,
  ) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'musicfest-ticketing.issuer',
      handlers: [
        on(EntradasEmitir, async (d, _event, tx) => {
          // The test-only fault is used up outside the handler's transaction, which rolls back.
          if (this.settings.testFaults && (await this.#faults.consume(this.ctx.db.db, d.purchaseId))) {
            throw new Error(`injected issuer fault for purchase ${d.purchaseId}`);
          }
          const p = await this.#purchases.find(tx, d.purchaseId);
          if (!p) {
            await this.ctx.bus.publish(tx, EmisionFallida, { ...d, reason: 'unknown purchase' });
            return;
          }
          const items = await this.#purchases.items(tx, [p.id]);
          const issued = await this.#tickets.issue(tx, p.id, p.userId, items);
          await this.ctx.bus.publish(tx, EntradasEmitidas, { ...d, count: issued.length });
        }),
        on(EntradasAnular, async (d, _event, tx) => {
          await this.#tickets.void(tx, d.purchaseId);
        }),
      ],
    });
  }
}
