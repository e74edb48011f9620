import { BOOKING_LIFECYCLE, ResenaPublicada } from '@coordina/instudio-booking/contracts';
import { PromocionPublicada, SalonesActualizaciones } from '@coordina/instudio-salons/contracts';
import { PagoAutorizado, PagoReembolsado } from '@coordina/payments/contracts';
import { type EventHandler, on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { FactsWriter } from '../../db/facts.writer';
import type { FactRow } from '../../domain/fact-row';
import { FactMapper } from '../domain/fact.mapper';
import { SalonReplicaRefresher } from './salon-replica.refresher';

export const ANALYTICS_GROUP = 'analytics.instudio';

/** Every InStudio event (and its payments) into DuckDB facts, each exactly once. */
@Injectable()
export class InstudioEventsConsumer implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly facts: FactsWriter,
    private readonly salons: SalonReplicaRefresher,
  ) {}

  onModuleInit(): void {
    const map = new FactMapper();
    const handlers: EventHandler[] = [
      ...BOOKING_LIFECYCLE.map((c) =>
        on(c, async (d, e) => {
          await this.#apply(e, map.booking(e, d));
          await this.salons.ensureKnown(d.salonId);
        }),
      ),
      on(PagoAutorizado, (d, e) => this.#apply(e, map.payment(e, d))),
      on(PagoReembolsado, (d, e) => this.#apply(e, map.payment(e, d))),
      on(ResenaPublicada, (d, e) => this.#apply(e, map.review(e, d))),
      on(PromocionPublicada, (d, e) => this.#apply(e, map.promotion(e, d))),
      on(SalonesActualizaciones, async (d, e) => {
        await this.#apply(e, map.salonChange(e, d));
        await this.salons.refresh(d.salonId);
      }),
    ];
    this.ctx.bus.subscribe({ group: ANALYTICS_GROUP, handlers });
  }

  async #apply(event: { id: string; type: string; time: string }, fact: FactRow): Promise<void> {
    const applied = await this.facts.applyOnce(event, [fact]);
    if (!applied) this.ctx.log.debug({ eventId: event.id, topic: event.type }, 'analytics skipped an applied event');
  }
}
