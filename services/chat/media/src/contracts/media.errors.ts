import { defineErrorCodes } from '@coordina/platform';

/** chat-media's error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const MediaErrors = defineErrorCodes({
  MEDIA_TOO_LARGE: { status: 413, title: 'The file is larger than chat media accepts' },
  MEDIA_NOT_READY: { status: 409, title: 'The media is not processed yet' },
});
