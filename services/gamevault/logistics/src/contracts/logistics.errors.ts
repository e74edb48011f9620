import { defineErrorCodes } from '@coordina/platform';

/** Logistics' error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const LogisticsErrors = defineErrorCodes({
  NOT_DIGITAL_PRODUCT: { status: 409, title: 'Only digital products have a key pool' },
  NOT_KEY_POOL_SELLER: { status: 403, title: 'Not the seller of this product' },
  INVALID_CARRIER_SIGNATURE: { status: 400, title: 'The carrier webhook signature is missing or wrong' },
});
