import type { PriorityQueue, Tx } from '@coordina/platform';
import { SANDBOX_WEBHOOK_QUEUE, type SandboxWebhookJob } from './sandbox-webhook.job';

/**
 * Schedules the sandbox's webhooks as jobs on the platform queue, in the caller's transaction
 * when there is one (a rolled-back charge sends nothing). The event id is the singleton key:
 * one delivery per event. The queue's retries are defined by SandboxWebhookWorker at boot.
 */
export class SandboxWebhooks {
  constructor(private readonly queue: PriorityQueue) {}

  async schedule(
    tx: Tx | undefined,
    intentId: string,
    event: { id: string; payload: string },
    delayMs: number,
  ): Promise<void> {
    const job: SandboxWebhookJob = { eventId: event.id, intentId, payload: event.payload };
    await this.queue.send(SANDBOX_WEBHOOK_QUEUE, job, {
      // A payment's outcome unblocks a saga (a booking, a purchase): ahead of bulk work.
      priority: 'high',
      singletonKey: event.id,
      startAfter: new Date(Date.now() + delayMs),
      tx,
    });
  }
}
