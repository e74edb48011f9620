import type { SagaFailure } from '@coordina/platform';

/** The words an order's cancellation shows, from the saga failure that caused it. */
export function cancellationReason(f: SagaFailure): string {
  if (f.step === 'ReserveStock') return f.kind === 'timeout' ? 'stock reservation timed out' : `stock: ${f.reason}`;
  if (f.step === 'AuthorizePayment')
    return f.kind === 'timeout' ? 'payment timed out' : `payment declined: ${f.reason}`;
  if (f.step === 'Fulfil') return f.kind === 'timeout' ? 'fulfilment timed out' : `fulfilment: ${f.reason}`;
  return `${f.step}: ${f.reason}`;
}
