import { defineRoutes, mediaBody } from '@coordina/platform';
import { MediaAccepted, MediaParams, MediaView, VariantParams } from './media.dto';

/**
 * Chat media (decision 0083): uploads answered at once and processed in the background. A media
 * answers its uploader and the members of the conversations whose messages carry it (404 to
 * anyone else).
 */
export const mediaRoutes = defineRoutes('chat-media', [
  {
    method: 'POST',
    path: '/api/chat/media',
    auth: 'authenticated',
    upload: true,
    summary:
      'Upload a picture, a video or a sound: multipart/form-data with a `file` part, the kind read from its bytes (415 otherwise), at most CHAT_MEDIA_MAX_BYTES (413); processed in the background (pictures first), its id goes in a message as `mediaId`',
    response: MediaAccepted,
    status: 202,
  },
  {
    method: 'GET',
    path: '/api/chat/media/:id',
    auth: 'authenticated',
    summary: "A media's status and, once ready, its variants with their URLs (uploader and conversation members)",
    params: MediaParams,
    response: MediaView,
    status: 200,
  },
  {
    method: 'GET',
    path: '/api/chat/media/:id/variants/:variant',
    auth: 'authenticated',
    summary:
      "A processed file of a media: a picture's WebP image or thumbnail, a video's H.264 MP4 or poster, a sound's Opus",
    params: VariantParams,
    response: mediaBody(
      'application/octet-stream',
      'The file, with its own content type (image/webp, video/mp4, image/jpeg, audio/ogg)',
    ),
    status: 200,
  },
]);
