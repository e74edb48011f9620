import { internalCallerHeaders, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import Stripe from 'stripe';
import { DeliveryBackoffPolicy } from '../../domain/delivery-backoff.policy';
import { type DueDelivery, SandboxDeliveriesRepository } from './sandbox-deliveries.repository';

const BATCH = 20;
/** Longest sleep: rows written by other processes are found within this. */
const POLL_MS = 1000;
const TIMEOUT_MS = 10_000;

/**
 * The sandbox provider's webhook sender. Like Stripe, it signs each attempt afresh
 * (Stripe-Signature over the exact payload) and retries with backoff until a 2xx.
 */
@Injectable()
export class SandboxDeliveryLoop implements OnModuleInit, OnModuleDestroy {
  readonly #backoff = new DeliveryBackoffPolicy();
  #timer: NodeJS.Timeout | undefined;
  #dueAt = 0;
  #running: Promise<void> | undefined;
  #again = false;
  #stopped = true;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly deliveries: SandboxDeliveriesRepository,
  ) {}

  onModuleInit(): void {
    this.#stopped = false;
    this.wake(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#running;
  }

  /** A delivery is due in `ms`: run no later than then. */
  wake(ms: number): void {
    if (this.#stopped) return;
    const at = Date.now() + ms;
    if (this.#timer && this.#dueAt <= at) return;
    clearTimeout(this.#timer);
    this.#dueAt = at;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#run();
    }, ms);
  }

  #run(): void {
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#tick()
      .catch((err: unknown) => {
        this.ctx.log.warn({ err }, 'sandbox webhook delivery round failed');
        return POLL_MS;
      })
      .then((next) => {
        this.#running = undefined;
        const again = this.#again;
        this.#again = false;
        this.wake(again ? 0 : next);
      });
  }

  async #tick(): Promise<number> {
    const db = this.ctx.db.db;
    const due = await this.deliveries.claimDue(db, BATCH);
    await Promise.all(due.map((d) => this.#deliver(d)));
    if (due.length === BATCH) return 0;
    return Math.min((await this.deliveries.msUntilNextDue(db)) ?? POLL_MS, POLL_MS);
  }

  async #deliver(d: DueDelivery): Promise<void> {
    const db = this.ctx.db.db;
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: d.payload,
      secret: this.ctx.config.webhookSecrets.sandbox,
    });
    let status: number | null = null;
    let error: string;
    try {
      const res = await fetch(`${this.ctx.config.publicUrl}/api/payments/webhooks/sandbox`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'stripe-signature': header,
          'user-agent': 'CoordinaSandbox/1.0',
          ...internalCallerHeaders(this.ctx.config),
        },
        body: d.payload,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      status = res.status;
      const text = await res.text();
      if (res.ok) {
        await this.deliveries.markDelivered(db, d.eventId, res.status);
        return;
      }
      error = text;
    } catch (err) {
      error = String(err);
    }
    const retryIn = this.#backoff.nextDelayMs(d.attempts);
    await this.deliveries.markFailed(db, d.eventId, status, error, retryIn);
    if (retryIn === undefined) this.ctx.log.warn({ eventId: d.eventId, error }, 'sandbox webhook given up');
  }
}
