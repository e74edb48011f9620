import { CampanaCreada, ClicRegistrado, ImpresionRegistrada } from '@coordina/chat-ads/contracts';
import { type EventHandler, on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { FactsWriter } from '../../db/facts.writer';
import type { FactRow } from '../../domain/fact-row';
import { ChatFactMapper } from '../domain/chat-fact.mapper';

export const CHAT_GROUP = 'analytics.chat';

/** Chat ads' campaigns, impressions and clicks into DuckDB facts, each event exactly once (decision 0007). */
@Injectable()
export class ChatEventsConsumer implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly facts: FactsWriter,
  ) {}

  onModuleInit(): void {
    const map = new ChatFactMapper();
    const handlers: EventHandler[] = [
      on(CampanaCreada, (d, e) => this.#apply(e, map.campaign(e, d))),
      on(ImpresionRegistrada, (d, e) => this.#apply(e, map.interaction(e, 'chat_ad_impression_facts', d))),
      on(ClicRegistrado, (d, e) => this.#apply(e, map.interaction(e, 'chat_ad_click_facts', d))),
    ];
    this.ctx.bus.subscribe({ group: CHAT_GROUP, handlers });
  }

  async #apply(event: { id: string; type: string; time: string }, facts: FactRow[]): Promise<void> {
    const applied = await this.facts.applyOnce(event, facts);
    if (!applied) this.ctx.log.debug({ eventId: event.id, topic: event.type }, 'analytics skipped an applied event');
  }
}
