import { defineErrorCodes } from '@coordina/platform';

/** The catalog's error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const CatalogErrors = defineErrorCodes({
  NOT_PRODUCT_SELLER: { status: 403, title: 'Not the seller of this product' },
  IMAGE_TOO_LARGE: { status: 413, title: 'The picture is larger than the catalog accepts' },
  TOO_MANY_IMAGES: { status: 409, title: 'The product has its 10 pictures already' },
});
