import type { ShipmentStatus } from '../contracts/logistics.dto';

/** What a carrier event does to a shipment. */
export type ShipmentTrigger = 'label' | 'transit' | 'deliver' | 'cancel';

/** From which statuses each trigger moves a shipment, and to which: only forward. */
const transitions: Readonly<Record<ShipmentTrigger, { from: readonly ShipmentStatus[]; to: ShipmentStatus }>> = {
  label: { from: ['REQUESTED'], to: 'LABEL_CREATED' },
  transit: { from: ['REQUESTED', 'LABEL_CREATED'], to: 'IN_TRANSIT' },
  deliver: { from: ['REQUESTED', 'LABEL_CREATED', 'IN_TRANSIT'], to: 'DELIVERED' },
  cancel: { from: ['REQUESTED', 'LABEL_CREATED'], to: 'CANCELLED' },
};

/**
 * A shipment's state machine: the repository's conditional UPDATE takes its guard from here,
 * so a late or repeated carrier event (in transit after delivered) changes nothing.
 */
export function shipmentTransition(trigger: ShipmentTrigger): { from: readonly ShipmentStatus[]; to: ShipmentStatus } {
  return transitions[trigger];
}

/** The trigger of a carrier event type. */
export function triggerOf(
  type: 'shipment.label_created' | 'shipment.in_transit' | 'shipment.delivered',
): ShipmentTrigger {
  switch (type) {
    case 'shipment.label_created':
      return 'label';
    case 'shipment.in_transit':
      return 'transit';
    case 'shipment.delivered':
      return 'deliver';
  }
}
