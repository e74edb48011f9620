import { defineErrorCodes } from '@coordina/platform';

/** chat-messaging's codes for blocks, reports and payments (registered in its manifest). */
export const MessagingExtrasErrors = defineErrorCodes({
  BLOCKED_BY_USER: { status: 403, title: 'The other member blocked you' },
  ALREADY_REPORTED: { status: 409, title: 'The user has reported this content already' },
});
