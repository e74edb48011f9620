import type { Tx } from '@coordina/platform';

/** What a carrier is asked to ship: one parcel per order with its physical lines. */
export interface ShipmentRequest {
  shipmentId: string;
  orderId: string;
  units: number;
}

/**
 * A carrier's adapter (the sandbox today; a real carrier's API client later): it creates a
 * label and then reports the shipment's progress by signed webhooks to
 * `POST /api/gamevault/logistics/webhooks/carrier`, which the secret here verifies.
 */
export interface CarrierAdapter {
  /** Its name on shipments and in the webhook deduplication. */
  readonly name: string;
  /**
   * Asks for the label; its tracking code. Runs in the fulfilment's transaction (the sandbox
   * schedules its webhooks there, so a rolled-back fulfilment ships nothing).
   */
  createLabel(tx: Tx, request: ShipmentRequest): Promise<{ trackingCode: string }>;
  /** The secret its webhooks are signed with (x-carrier-signature). */
  readonly webhookSecret: string;
}

/** The Nest token of the carrier adapter. */
export const CARRIER = Symbol('GAMEVAULT_CARRIER');
