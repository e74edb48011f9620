import { randomBytes } from 'node:crypto';
import { backoffRetry, type PriorityQueue, type Tx } from '@coordina/platform';
import type { CarrierEventBody } from '../contracts/logistics.dto';
import type { CarrierAdapter, ShipmentRequest } from './carrier.port';

/** The platform queue (pg-boss) that carries the sandbox carrier's webhooks. */
export const SANDBOX_CARRIER_QUEUE = 'gamevault-logistics.sandbox-carrier';

/** Like a carrier's webhooks: retried with backoff for hours (16 attempts, 1 s doubling to 30 min), then dead letters. */
export const SANDBOX_CARRIER_RETRY = backoffRetry({
  attempts: 16,
  firstDelaySeconds: 1,
  maxDelaySeconds: 1800,
  hungAfterSeconds: 30,
});

/** One webhook to deliver, exactly as it will be signed and sent. */
export interface SandboxCarrierJob {
  eventId: string;
  payload: string;
}

const STEPS: CarrierEventBody['type'][] = ['shipment.label_created', 'shipment.in_transit', 'shipment.delivered'];

/**
 * A carrier that behaves like a real one without one: a label gets a tracking code at once,
 * then the parcel is labelled, in transit and delivered, each reported by a webhook signed
 * with the carrier secret, `stepMs` apart, delivered from the platform queue with the retries
 * and dead letters of a real carrier's webhooks (SandboxCarrierWorker posts them).
 */
export class SandboxCarrier implements CarrierAdapter {
  readonly name = 'sandbox';

  constructor(
    private readonly queue: PriorityQueue,
    readonly webhookSecret: string,
    private readonly stepMs: number,
  ) {}

  async createLabel(tx: Tx, request: ShipmentRequest): Promise<{ trackingCode: string }> {
    const trackingCode = `SBX${randomBytes(6).toString('hex').toUpperCase()}`;
    for (const [n, type] of STEPS.entries()) {
      const eventId = `evt_carrier_sbx_${randomBytes(12).toString('hex')}`;
      const event: CarrierEventBody = {
        id: eventId,
        type,
        created: Math.floor(Date.now() / 1000) + Math.round(((n + 1) * this.stepMs) / 1000),
        data: { trackingCode, reference: request.shipmentId },
      };
      const job: SandboxCarrierJob = { eventId, payload: JSON.stringify(event) };
      await this.queue.send(SANDBOX_CARRIER_QUEUE, job, {
        singletonKey: eventId,
        startAfter: new Date(Date.now() + (n + 1) * this.stepMs),
        tx,
      });
    }
    return { trackingCode };
  }
}
