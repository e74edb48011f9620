import { randomUUID } from 'node:crypto';
import { SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { ChannelsSettings } from '../channels.settings';
import { ResumenCanalesPreparado } from '../contracts/events';
import { type DigestRow, NotificationsRepository } from '../db/notifications.repository';
import { SubscriptionsRepository } from '../db/subscriptions.repository';
import { excerpt } from '../domain/excerpt';
import { SUBSCRIPTION_CHARGE_SAGA, subscriptionChargeSaga } from './subscription-charge.saga';

/** Rows one sweep takes at most (the next sweep takes the rest). */
const SWEEP_LIMIT = 500;
/** Posts one digest lists at most. */
const DIGEST_POSTS = 20;

/**
 * The scheduled jobs, every `CHAT_CHANNELS_SWEEP_MS` on every instance (rows are taken with
 * conditional updates and SKIP LOCKED, so instances never take the same one):
 * - renewals: paid periods ending within `CHAT_CHANNELS_RENEW_AHEAD_MS` and not cancelled start
 *   a subscription-charge saga each;
 * - email digests: notifications unseen for `CHAT_CHANNELS_DIGEST_AFTER_MS` are gathered per
 *   subscriber into one `resumen-canales.preparado` (notifications emails it).
 * Registers the charge saga, which the HTTP side starts too.
 */
@Injectable()
export class PeriodicSweeper implements OnModuleInit, OnModuleDestroy {
  readonly #subscriptions = new SubscriptionsRepository();
  readonly #notifications = new NotificationsRepository();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<unknown> | undefined;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: ChannelsSettings,
  ) {}

  onModuleInit(): void {
    this.ctx.sagas.register(
      subscriptionChargeSaga({
        subscriptions: this.#subscriptions,
        periodMs: this.settings.periodMs,
        timeoutMs: this.settings.paymentTimeoutMs,
      }),
    );
    this.#timer = setInterval(() => {
      this.#running ??= this.sweep()
        .catch((err: unknown) => this.ctx.log.warn({ err }, 'channels sweep failed; the next one retries'))
        .finally(() => {
          this.#running = undefined;
        });
    }, this.settings.sweepMs);
    this.#timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.#timer);
    await this.#running;
  }

  /** One sweep: renewals, then digests; how many of each were started. */
  async sweep(): Promise<{ renewals: number; digests: number }> {
    return { renewals: await this.renewals(), digests: await this.digests() };
  }

  async renewals(): Promise<number> {
    return this.ctx.db.transaction(async (tx) => {
      const due = await this.#subscriptions.takeRenewals(tx, this.settings.renewAheadMs, SWEEP_LIMIT);
      for (const charge of due) await this.ctx.sagas.start(tx, SUBSCRIPTION_CHARGE_SAGA, charge.paymentId, charge);
      return due.length;
    });
  }

  async digests(): Promise<number> {
    return this.ctx.db.transaction(async (tx) => {
      const rows = await this.#notifications.takeDigest(tx, this.settings.digestAfterMs, SWEEP_LIMIT);
      const byUser = new Map<string, DigestRow[]>();
      for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row]);
      const at = new Date().toISOString();
      for (const [userId, posts] of byUser)
        await this.ctx.bus.publish(tx, ResumenCanalesPreparado, {
          digestId: randomUUID(),
          userId,
          posts: posts.slice(0, DIGEST_POSTS).map((p) => ({
            postId: p.postId,
            channelTitle: p.channelTitle,
            excerpt: excerpt(p.text),
            createdAt: p.createdAt.toISOString(),
          })),
          at,
        });
      return byUser.size;
    });
  }
}
