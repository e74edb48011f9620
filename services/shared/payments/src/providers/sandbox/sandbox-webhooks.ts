import type { PriorityQueue, Tx } from '@coordina/platform';
import type { WebhookProvider } from '../../contracts/payments.dto';
import { SANDBOX_WEBHOOK_QUEUE, type SandboxWebhookJob } from './sandbox-webhook.job';

/**
 * Schedules a sandbox's webhooks as jobs on the platform queue, in the caller's transaction
 * when there is one (a rolled-back charge sends nothing). The event id is the singleton key:
 * one delivery per event. The queue's retries are defined by SandboxWebhookWorker at boot.
 */
export class SandboxWebhooks {
  /** `provider`: the simulated provider whose webhooks these are (the card sandbox when absent). */
  constructor(
    private readonly queue: PriorityQueue,
    private readonly provider?: WebhookProvider,
  ) {}

  async schedule(
    tx: Tx | undefined,
    intentId: string,
    event: { id: string; payload: string },
    delayMs: number,
  ): Promise<void> {
    const job: SandboxWebhookJob = {
      eventId: event.id,
      intentId,
      payload: event.payload,
      ...(this.provider ? { provider: this.provider } : {}),
    };
    await this.queue.send(SANDBOX_WEBHOOK_QUEUE, job, {
      // A payment's outcome unblocks a saga (a booking, a purchase): ahead of bulk work.
      priority: 'high',
      singletonKey: event.id,
      startAfter: new Date(Date.now() + delayMs),
      tx,
    });
  }
}
