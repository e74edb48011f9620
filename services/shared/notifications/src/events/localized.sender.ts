import type { Locale } from '@coordina/identity/contracts';
import type { ServiceContext, Tx } from '@coordina/platform';
import type { MessageCategory } from '../domain/delivery.plan';
import type { Message } from '../domain/message';
import { MessageTemplates, type TemplateTable, type Texts } from '../domain/message.templates';
import { DeliveryScheduler } from './delivery.scheduler';
import { Notifier } from './notifier';

/** Sends a system's message to a known user in their language (the recipients replica's locale). */
export class LocalizedSender<T extends TemplateTable> {
  readonly #texts: MessageTemplates<T>;
  readonly #notifier: Notifier;
  readonly #scheduler: DeliveryScheduler;

  constructor(ctx: ServiceContext, tables: Record<Locale, T>) {
    this.#texts = new MessageTemplates(tables);
    this.#notifier = new Notifier(ctx.log, ctx.queue);
    this.#scheduler = new DeliveryScheduler(ctx.queue);
  }

  /** Schedules the message `render` writes in the user's language; `id` is the event's (one message per event). */
  async send(tx: Tx, id: string, userId: string, c: MessageCategory, render: (t: Texts<T>) => Message): Promise<void> {
    const message = render(this.#texts.in(await this.#notifier.localeOf(tx, userId)));
    await this.#scheduler.message(tx, c, { id, userId, message });
  }
}
