import { defineErrorCodes } from '@coordina/platform';

/** chat-channels' error codes (registered in its manifest; listed in docs/reference/errors.md). */
export const ChannelsErrors = defineErrorCodes({
  NOT_CHANNEL_OWNER: { status: 403, title: 'Only the channel owner may do this' },
  CHANNEL_SUBSCRIPTION_REQUIRED: { status: 402, title: 'A paid subscription to this channel is required' },
  CHANNEL_OWNER_SUBSCRIPTION: { status: 409, title: 'A channel owner does not subscribe to their own channel' },
  SUBSCRIPTION_PAYMENT_PENDING: { status: 409, title: 'The subscription payment is still being processed' },
});
