import type { ShippingAddress } from '@coordina/gamevault-logistics/contracts';
import type { OrderStatus } from '../contracts/order.dto';

export interface OrderRecord {
  id: string;
  userId: string;
  status: OrderStatus;
  statusReason: string | null;
  subtotalCents: number;
  discountCents: number;
  igvCents: number;
  totalCents: number;
  paymentId: string;
  paymentProvider: string;
  refundStatus: 'NONE' | 'REQUESTED' | 'REFUNDED';
  refundedCents: number;
  shippingAddress: ShippingAddress | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OrderLineRecord {
  productId: string;
  title: string;
  format: 'digital' | 'physical';
  unitPriceCents: number;
  quantity: number;
}

export interface OrderHistoryRecord {
  status: OrderStatus;
  reason: string | null;
  at: Date;
}

export interface NewOrder {
  id: string;
  userId: string;
  totals: { subtotalCents: number; discountCents: number; igvCents: number; totalCents: number };
  paymentId: string;
  paymentProvider: string;
  idempotencyKey: string | null;
  shippingAddress: ShippingAddress | null;
  lines: OrderLineRecord[];
}
