import { defineErrorCodes } from '@coordina/platform';

/** The catalog's error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const CatalogErrors = defineErrorCodes({
  NOT_PRODUCT_SELLER: { status: 403, title: 'Not the seller of this product' },
});
