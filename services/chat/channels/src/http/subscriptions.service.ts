import { randomUUID } from 'node:crypto';
import { AppError, type AuthUser, SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { SubscribeBody, SubscriptionView } from '../contracts/channels.dto';
import { ChannelsErrors } from '../contracts/channels.errors';
import { SuscripcionCreada, SuscripcionEliminada } from '../contracts/events';
import { type ChannelRow, ChannelsRepository } from '../db/channels.repository';
import { SubscriptionsRepository } from '../db/subscriptions.repository';
import { SUBSCRIPTION_CHARGE_SAGA, type SubscriptionChargeState } from '../events/subscription-charge.saga';
import { channelNotFound } from './channels.service';

const methodRequired = (): AppError =>
  new AppError('VALIDATION_FAILED', 'paymentMethod: a paid channel needs a payment method to subscribe', {
    errors: [{ field: 'paymentMethod', message: 'a paid channel needs a payment method to subscribe' }],
  });

/** Subscribing, muting and unsubscribing; paid channels charge through payments' saga. */
@Injectable()
export class SubscriptionsService {
  readonly #channels = new ChannelsRepository();
  readonly #subscriptions = new SubscriptionsRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  async subscribe(user: AuthUser, channelId: string, body: SubscribeBody): Promise<SubscriptionView> {
    const channel = await this.#channels.find(this.ctx.db.db, channelId);
    if (!channel) throw channelNotFound(channelId);
    if (channel.ownerId === user.id)
      throw new AppError(ChannelsErrors.CHANNEL_OWNER_SUBSCRIPTION, `channel ${channelId} is the caller's own`);
    await this.ctx.db.transaction(async (tx) => {
      const started =
        channel.monthlyPriceCents === null
          ? await this.#subscriptions.upsertFree(tx, channelId, user.id, body.muted)
          : await this.#subscribePaid(tx, channel, user.id, body);
      if (started)
        await this.ctx.bus.publish(tx, SuscripcionCreada, { channelId, userId: user.id, at: new Date().toISOString() });
    });
    const view = await this.#channels.subscription(this.ctx.db.db, channelId, user.id);
    if (!view) throw new AppError('CONFLICT', `the subscription to ${channelId} changed meanwhile, retry`);
    return view;
  }

  /**
   * A new subscriber, or one whose period lapsed or whose charge failed, starts a charge; one
   * with a running period or a charge under way only changes `muted` (and resumes renewals).
   * True when a charge starts (the user follows the channel from now on).
   */
  async #subscribePaid(tx: Tx, channel: ChannelRow, userId: string, body: SubscribeBody): Promise<boolean> {
    const paymentId = randomUUID();
    const method = body.paymentMethod;
    if (method && (await this.#subscriptions.insertPending(tx, channel.id, userId, body.muted, paymentId, method))) {
      await this.#charge(tx, channel, userId, paymentId, method);
      return true;
    }
    const row = await this.#subscriptions.lock(tx, channel.id, userId);
    if (!row) throw methodRequired();
    if (row.running || row.status === 'pending_payment' || row.status === 'renewing') {
      await this.#subscriptions.keep(tx, channel.id, userId, body.muted, method);
      return row.cancelled; // a cancel undone: the user follows the channel again
    }
    const again = method ?? row.paymentMethod;
    if (!again) throw methodRequired();
    await this.#subscriptions.restart(tx, channel.id, userId, body.muted, paymentId, again);
    await this.#charge(tx, channel, userId, paymentId, again);
    return true;
  }

  async #charge(tx: Tx, channel: ChannelRow, userId: string, paymentId: string, paymentMethod: string) {
    const state: SubscriptionChargeState = {
      channelId: channel.id,
      userId,
      paymentId,
      paymentMethod,
      amountCents: channel.monthlyPriceCents ?? 0,
      channelTitle: channel.title,
      renewal: false,
    };
    await this.ctx.sagas.start(tx, SUBSCRIPTION_CHARGE_SAGA, paymentId, state);
  }

  /** Unsubscribes (idempotent): a paid period runs to its end without renewal. */
  async unsubscribe(user: AuthUser, channelId: string): Promise<void> {
    if (!(await this.#channels.find(this.ctx.db.db, channelId))) throw channelNotFound(channelId);
    await this.ctx.db.transaction(async (tx) => {
      if (await this.#subscriptions.cancel(tx, channelId, user.id))
        await this.ctx.bus.publish(tx, SuscripcionEliminada, {
          channelId,
          userId: user.id,
          at: new Date().toISOString(),
        });
    });
  }
}
