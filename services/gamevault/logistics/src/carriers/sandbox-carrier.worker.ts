import { internalCallerHeaders, type QueueJob, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { CARRIER, type CarrierAdapter } from './carrier.port';
import { CARRIER_SIGNATURE_HEADER, carrierSignature } from './carrier-signature';
import { SANDBOX_CARRIER_QUEUE, SANDBOX_CARRIER_RETRY, type SandboxCarrierJob } from './sandbox-carrier';

const TIMEOUT_MS = 10_000;

/**
 * Delivers the sandbox carrier's webhooks to the public webhook route, signed afresh for each
 * attempt as a carrier would: an answer other than 2xx fails the job and the queue retries it.
 */
@Injectable()
export class SandboxCarrierWorker implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(CARRIER) private readonly carrier: CarrierAdapter,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.carrier.name !== 'sandbox') return;
    await this.ctx.queue.define(SANDBOX_CARRIER_QUEUE, SANDBOX_CARRIER_RETRY);
    await this.ctx.queue.work<SandboxCarrierJob>(SANDBOX_CARRIER_QUEUE, (job) => this.deliver(job), {
      concurrency: 4,
    });
  }

  async deliver(job: QueueJob<SandboxCarrierJob>): Promise<void> {
    const { payload, eventId } = job.data;
    const res = await fetch(`${this.ctx.config.publicUrl}/api/gamevault/logistics/webhooks/carrier`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [CARRIER_SIGNATURE_HEADER]: carrierSignature(payload, this.carrier.webhookSecret),
        'user-agent': 'CoordinaSandboxCarrier/1.0',
        ...internalCallerHeaders(this.ctx.config),
      },
      body: payload,
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = await res.text();
    if (res.status >= 200 && res.status < 300) return;
    throw new Error(`carrier webhook ${eventId} answered ${res.status}: ${body.slice(0, 500)}`);
  }
}
