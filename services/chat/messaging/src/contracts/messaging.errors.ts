import { defineErrorCodes } from '@coordina/platform';

/** chat-messaging's error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const MessagingErrors = defineErrorCodes({
  NOT_MESSAGE_SENDER: { status: 403, title: 'Not the sender of this message' },
  MESSAGE_DELETED: { status: 409, title: 'Message deleted' },
  /** A resume from before the change log's retention: reload the history, then resume after its `lastChange`. */
  CHANGES_NOT_KEPT: { status: 410, title: 'Changes no longer kept: reload the history' },
});
