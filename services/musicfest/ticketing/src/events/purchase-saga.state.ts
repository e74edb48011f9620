export const PURCHASE_SAGA = 'musicfest.purchase';

export interface PurchaseSagaState extends Record<string, unknown> {
  purchaseId: string;
  userId: string;
  paymentId: string;
  paymentMethod: string;
  total: number;
  eventName: string;
}
