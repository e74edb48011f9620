import { AppError, SERVICE_CONTEXT, type ServiceContext, validationError } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CARRIER, type CarrierAdapter } from '../carriers/carrier.port';
import { CARRIER_SIGNATURE_HEADER, carrierSignatureProblem } from '../carriers/carrier-signature';
import { EnvioActualizado } from '../contracts/events';
import { CarrierEventBody, type CarrierWebhookAck } from '../contracts/logistics.dto';
import { LogisticsErrors } from '../contracts/logistics.errors';
import { CarrierEventsRepository } from '../db/carrier-events.repository';
import { ShipmentsRepository } from '../db/shipments.repository';
import { triggerOf } from '../domain/shipment.state-machine';

/**
 * A carrier's status webhook: the signature first (400 INVALID_CARRIER_SIGNATURE before anything is read, as payments answers a bad provider signature), then the
 * body's shape (400 naming the field), then once per event id (a redelivery answers
 * `duplicate`), and the shipment moves only forward (a late event is `ignored`).
 */
@Injectable()
export class CarrierWebhooksService {
  readonly #events = new CarrierEventsRepository();
  readonly #shipments = new ShipmentsRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(CARRIER) private readonly carrier: CarrierAdapter,
  ) {}

  async receive(raw: string, signature: string | undefined): Promise<CarrierWebhookAck> {
    const problem = carrierSignatureProblem(raw, signature, this.carrier.webhookSecret);
    if (problem)
      throw new AppError(LogisticsErrors.INVALID_CARRIER_SIGNATURE, `${CARRIER_SIGNATURE_HEADER}: ${problem}`);
    const parsed = CarrierEventBody.safeParse(parseJson(raw));
    if (!parsed.success) throw validationError(parsed.error, 'body');
    const event = parsed.data;
    return this.ctx.db.transaction(async (tx) => {
      if (!(await this.#events.record(tx, this.carrier.name, event.id, event.type)))
        return { received: true, duplicate: true };
      const shipment = await this.#shipments.byTracking(tx, this.carrier.name, event.data.trackingCode);
      if (!shipment) return { received: true, ignored: true };
      const moved = await this.#shipments.move(tx, shipment.id, triggerOf(event.type), `webhook:${event.id}`);
      if (!moved) return { received: true, ignored: true };
      await this.ctx.bus.publish(tx, EnvioActualizado, {
        orderId: moved.orderId,
        shipmentId: moved.id,
        carrier: moved.carrier,
        status: moved.status,
        trackingCode: moved.trackingCode,
        at: new Date().toISOString(),
      });
      return { received: true };
    });
  }
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
