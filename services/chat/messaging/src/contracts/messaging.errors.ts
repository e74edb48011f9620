import { defineErrorCodes } from '@coordina/platform';

/** chat-messaging's error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const MessagingErrors = defineErrorCodes({
  NOT_MESSAGE_SENDER: { status: 403, title: 'Not the sender of this message' },
  MESSAGE_DELETED: { status: 409, title: 'Message deleted' },
});
