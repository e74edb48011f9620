import { PollingWorker, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { MessagingSettings } from '../messaging.settings';
import { SWEEP_BATCH } from './presence.repository';
import { PresenceService } from './presence.service';

/**
 * Makes a gateway's death a presence transition (decision 0105): every `CHAT_PRESENCE_SWEEP_MS`
 * one UPDATE turns offline the users whose count nobody refreshed for `CHAT_PRESENCE_STALE_MS`,
 * and their audience gets the `presence` offline frame, as when a last socket closes. Runs on
 * every instance; each stale row goes to exactly one of them. A full batch polls again at once.
 */
@Injectable()
export class PresenceSweeper implements OnModuleInit, OnModuleDestroy {
  readonly #worker: PollingWorker;

  constructor(
    @Inject(SERVICE_CONTEXT) ctx: ServiceContext,
    settings: MessagingSettings,
    private readonly presence: PresenceService,
  ) {
    this.#worker = new PollingWorker({
      name: 'chat presence sweeper',
      log: ctx.log,
      idleMs: settings.presenceSweepMs,
      poll: async () => (await this.presence.sweep()) === SWEEP_BATCH,
    });
  }

  onModuleInit(): void {
    this.#worker.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.#worker.stop();
  }
}
