import { BusquedasRegistradas, ProductoActualizado, ProductoPublicado } from '@coordina/gamevault-catalog/contracts';
import { ResenaAprobada, ResenaRetirada } from '@coordina/gamevault-community/contracts';
import { PedidoCancelado, PedidoCreado, PedidoPagado } from '@coordina/gamevault-orders/contracts';
import { type EventHandler, on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { FactsWriter } from '../../db/facts.writer';
import type { FactRow } from '../../domain/fact-row';
import { GamevaultFactMapper } from '../domain/gamevault-fact.mapper';

export const GAMEVAULT_GROUP = 'analytics.gamevault';

/** The topics this group reads. */
export const GAMEVAULT_TOPICS = [
  ProductoPublicado,
  ProductoActualizado,
  PedidoCreado,
  PedidoPagado,
  PedidoCancelado,
  BusquedasRegistradas,
  ResenaAprobada,
  ResenaRetirada,
].map((c) => c.topic);

/** GameVault's products, orders, searches and reviews into DuckDB facts, each event exactly once (decision 0007). */
@Injectable()
export class GamevaultEventsConsumer implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly facts: FactsWriter,
  ) {}

  onModuleInit(): void {
    const map = new GamevaultFactMapper();
    const handlers: EventHandler[] = [
      on(ProductoPublicado, (d, e) => this.#apply(e, map.product(e, d))),
      on(ProductoActualizado, (d, e) => this.#apply(e, map.product(e, d))),
      on(PedidoCreado, (d, e) => this.#apply(e, map.order(e, d))),
      on(PedidoPagado, (d, e) => this.#apply(e, map.order(e, d))),
      on(PedidoCancelado, (d, e) => this.#apply(e, map.order(e, d))),
      on(BusquedasRegistradas, (d, e) => this.#apply(e, map.searches(e, d))),
      on(ResenaAprobada, (d, e) => this.#apply(e, map.approved(e, d))),
      on(ResenaRetirada, (d, e) => this.#apply(e, map.withdrawn(e, d))),
    ];
    this.ctx.bus.subscribe({ group: GAMEVAULT_GROUP, handlers });
  }

  async #apply(event: { id: string; type: string; time: string }, facts: FactRow[]): Promise<void> {
    const applied = await this.facts.applyOnce(event, facts);
    if (!applied) this.ctx.log.debug({ eventId: event.id, topic: event.type }, 'analytics skipped an applied event');
  }
}
