import { backoffRetry, type QueueJob, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { MediaProcesada } from '../contracts/events';
import { MediaRepository, variantUrl } from '../db/media.repository';
import { MEDIA_QUEUE, originalKey, type ProcessJob, variantKey } from '../domain/media.queue';
import { MediaSettings } from '../media.settings';
import type { MediaStorage } from '../storage/media.storage';
import { MEDIA_STORAGE } from '../storage/storage.provider';
import { ProcessingError, Transcoder } from './transcoder';

/**
 * Runs the processing queue, one file at a time (ffmpeg takes a core): the original becomes
 * its variants, stored before the row says `ready` and media.procesada is published in the
 * same transaction. A file that fails every attempt is marked `failed` with the reason and its
 * job is parked in the dead letters (`/api/ops/dead-letters`); the original stays, and an
 * operator's retry there processes it again (decision 0083).
 */
@Injectable()
export class MediaWorker implements OnModuleInit {
  readonly #media = new MediaRepository();
  readonly #transcoder: Transcoder;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: MediaSettings,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
  ) {
    this.#transcoder = new Transcoder(settings.ffmpeg);
  }

  async onModuleInit(): Promise<void> {
    await this.ctx.queue.define(
      MEDIA_QUEUE,
      backoffRetry({
        attempts: this.settings.attempts,
        firstDelaySeconds: 2,
        maxDelaySeconds: 60,
        hungAfterSeconds: 15 * 60,
      }),
    );
    await this.ctx.queue.work<ProcessJob>(MEDIA_QUEUE, (job) => this.process(job), { concurrency: 1 });
  }

  async process(job: QueueJob<ProcessJob>): Promise<void> {
    const id = job.data.mediaId;
    const media = await this.#media.start(this.ctx.db.db, id);
    if (!media) return; // ready already: a repeated job
    try {
      const original = await this.storage.get(originalKey(id));
      if (!original) throw new ProcessingError('the original file is missing from the store');
      const outputs = await this.#transcoder.process(media.kind, original);
      for (const o of outputs) await this.storage.put(variantKey(id, o.variant.name), o.data, o.variant.contentType);
      const variants = outputs.map((o) => o.variant);
      await this.ctx.db.transaction(async (tx) => {
        if (!(await this.#media.ready(tx, id, variants))) return;
        const audience = await this.#media.audience(tx, id);
        await this.ctx.bus.publish(tx, MediaProcesada, {
          mediaId: id,
          kind: media.kind,
          uploadedBy: media.uploadedBy,
          variants: variants.map((v) => ({ ...v, url: variantUrl(id, v.name) })),
          conversationIds: audience.conversationIds,
          memberIds: [...new Set([media.uploadedBy, ...audience.memberIds])],
          at: new Date().toISOString(),
        });
      });
      this.ctx.log.info({ mediaId: id, kind: media.kind }, 'chat media processed');
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (job.retryCount >= job.retryLimit) {
        await this.#media.fail(this.ctx.db.db, id, reason);
        this.ctx.log.warn({ mediaId: id, kind: media.kind, reason }, 'chat media parked: processing failed');
      }
      throw err;
    }
  }
}
