import type { EventHandler, PriorityLevel, Tx } from '@coordina/platform';
import type { Type } from '@nestjs/common';
import type { Delivery } from '../domain/delivery.job';

/** Runs the delivery jobs of its `types` (DELIVERY_QUEUE) in the worker's transaction. */
export interface DeliveryHandler {
  readonly types: readonly string[];
  deliver(tx: Tx, job: Delivery, priority: PriorityLevel): Promise<void>;
}

/** Handlers a system adds to the shared feed group (`notifications.feed`), whose log position they share. */
export interface FeedHandlers {
  handlers(): EventHandler[];
}

/**
 * What one system (a folder: access/, instudio/, musicfest/) adds to notifications: its own
 * consumers, handlers for the shared feed group, and delivery handlers. Adding a system adds
 * a folder and one line in systems.ts.
 */
export interface NotificationSystem {
  readonly name: string;
  readonly consumers?: Type[];
  readonly feed?: Type<FeedHandlers>;
  readonly deliveries?: Type<DeliveryHandler>;
}

export const DELIVERY_HANDLERS = Symbol.for('coordina.notifications.delivery-handlers');
export const FEED_HANDLERS = Symbol.for('coordina.notifications.feed-handlers');
