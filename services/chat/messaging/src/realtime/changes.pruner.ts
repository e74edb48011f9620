import { PollingWorker, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ChangesRepository, PRUNE_BATCH } from '../db/changes.repository';
import { MessagingSettings } from '../messaging.settings';

/**
 * The change log's retention (decision 0116): every `CHAT_CHANGES_PRUNE_MS`, changes older than
 * `CHAT_CHANGES_KEEP_MS` are deleted in batches of `PRUNE_BATCH` (a full batch: the next one at
 * once), each batch one statement that also raises its conversations' `changes_pruned`.
 */
@Injectable()
export class ChangesPruner implements OnModuleInit, OnModuleDestroy {
  readonly #changes = new ChangesRepository();
  readonly #worker: PollingWorker;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: MessagingSettings,
  ) {
    this.#worker = new PollingWorker({
      name: 'chat changes pruner',
      log: ctx.log,
      idleMs: settings.changesPruneMs,
      poll: async () => (await this.prune()) === PRUNE_BATCH,
    });
  }

  onModuleInit(): void {
    this.#worker.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.#worker.stop();
  }

  /** One batch; how many changes were deleted. */
  prune(): Promise<number> {
    return this.#changes.prune(this.ctx.db.db, this.settings.changesKeepMs);
  }
}
