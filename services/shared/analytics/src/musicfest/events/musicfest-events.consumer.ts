import { EventoCancelado, EventoPublicado } from '@coordina/musicfest-festivals/contracts';
import { CestaResumida, EntradasAgotadas, PURCHASE_LIFECYCLE } from '@coordina/musicfest-ticketing/contracts';
import { type EventHandler, on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { FactsWriter } from '../../db/facts.writer';
import type { FactRow } from '../../domain/fact-row';
import { MusicfestFactMapper } from '../domain/musicfest-fact.mapper';

export const MUSICFEST_GROUP = 'analytics.musicfest';

/** The topics this group reads (the restart test replays each from offset 0). */
export const MUSICFEST_TOPICS = [
  CestaResumida,
  ...PURCHASE_LIFECYCLE,
  EntradasAgotadas,
  EventoPublicado,
  EventoCancelado,
].map((c) => c.topic);

/** MusicFest's sales funnel and events into DuckDB facts, each event exactly once (as InStudio's). */
@Injectable()
export class MusicfestEventsConsumer implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly facts: FactsWriter,
  ) {}

  onModuleInit(): void {
    const map = new MusicfestFactMapper();
    const handlers: EventHandler[] = [
      on(CestaResumida, (d, e) => this.#apply(e, map.basket(e, d))),
      ...PURCHASE_LIFECYCLE.map((c) => on(c, (d, e) => this.#apply(e, map.purchase(e, d)))),
      on(EntradasAgotadas, (d, e) => this.#apply(e, map.soldOut(e, d))),
      on(EventoPublicado, (d, e) => this.#apply(e, map.published(e, d))),
      on(EventoCancelado, (d, e) => this.#apply(e, map.cancelled(e, d))),
    ];
    this.ctx.bus.subscribe({ group: MUSICFEST_GROUP, handlers });
  }

  async #apply(event: { id: string; type: string; time: string }, facts: FactRow[]): Promise<void> {
    const applied = await this.facts.applyOnce(event, facts);
    if (!applied) this.ctx.log.debug({ eventId: event.id, topic: event.type }, 'analytics skipped an applied event');
  }
}
