import { defineErrorCodes } from '@coordina/platform';

/** The community's error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const CommunityErrors = defineErrorCodes({
  NOT_A_BUYER: { status: 403, title: 'Only buyers of the product may review it' },
  REVIEW_EXISTS: { status: 409, title: 'The buyer has reviewed this product already' },
  ALREADY_VOTED: { status: 409, title: 'The user has marked this review helpful already' },
  OWN_REVIEW_VOTE: { status: 403, title: 'An author cannot mark their own review helpful' },
  ALREADY_REPORTED: { status: 409, title: 'The user has reported this content already' },
  NOT_THE_AUTHOR: { status: 403, title: 'Only the author may change this content' },
});
