import {
  type AuthUser,
  type BytesAnswer,
  bytesAnswer,
  CurrentUser,
  Endpoint,
  Input,
  type InputOf,
  type RouteKey,
} from '@coordina/platform';
import { Controller, Req, Res } from '@nestjs/common';
import type { MediaAccepted, MediaView } from '../contracts/media.dto';
import { mediaRoutes } from '../contracts/media.routes';
import { MediaService } from './media.service';

type In<K extends RouteKey<typeof mediaRoutes>> = InputOf<typeof mediaRoutes, K>;

/** The part of Fastify's reply a file answer sets. */
interface HeaderReply {
  header(name: string, value: string): HeaderReply;
}

/** Uploads, their status, and their processed files. */
@Controller()
export class MediaController {
  constructor(private readonly media: MediaService) {}

  @Endpoint(mediaRoutes, 'POST /api/chat/media')
  upload(
    @CurrentUser() user: AuthUser,
    @Req() req: { headers: Record<string, string | string[] | undefined>; body?: unknown },
  ): Promise<MediaAccepted> {
    return this.media.upload(user, String(req.headers['content-type'] ?? ''), req.body);
  }

  @Endpoint(mediaRoutes, 'GET /api/chat/media/:id')
  get(@Input() { params }: In<'GET /api/chat/media/:id'>, @CurrentUser() user: AuthUser): Promise<MediaView> {
    return this.media.get(user, params.id);
  }

  @Endpoint(mediaRoutes, 'GET /api/chat/media/:id/variants/:variant')
  async variant(
    @Input() { params }: In<'GET /api/chat/media/:id/variants/:variant'>,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) reply: HeaderReply,
  ): Promise<BytesAnswer> {
    const file = await this.media.variant(user, params.id, params.variant);
    // Private to the media's readers; a variant never changes once written.
    reply.header('content-type', file.contentType).header('cache-control', 'private, max-age=31536000, immutable');
    return bytesAnswer(file.data);
  }
}
