import type { PurchaseStatus } from '../contracts/purchase.dto';

/** A purchase row joined with its event's name, manager and dates. */
export interface PurchaseRecord {
  id: string;
  userId: string;
  eventId: string;
  eventName: string;
  managerId: string;
  purchaseDeadline: Date;
  startsAt: Date;
  place: string;
  status: PurchaseStatus;
  statusReason: string | null;
  tickets: number;
  total: number;
  commission: number;
  paymentId: string;
  paymentMethod: string;
  paymentStatus: 'NONE' | 'AUTHORIZED' | 'FAILED';
  refundStatus: 'NONE' | 'REQUESTED' | 'REFUNDED';
  refunded: number;
  waitlistSeq: string | null;
  fromWaitlist: boolean;
  reservedUntil: Date | null;
  waitlistedAt: Date | null;
  promotedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface PurchaseItemRecord {
  purchaseId: string;
  ticketTypeId: string;
  ticketTypeName: string;
  quantity: number;
  unitPrice: number;
  discountPercent: number;
  finalPrice: number;
  commission: number;
}

export interface NewPurchase {
  id: string;
  userId: string;
  eventId: string;
  idempotencyKey: string | null;
  tickets: number;
  total: number;
  commission: number;
  paymentId: string;
  paymentMethod: string;
}
