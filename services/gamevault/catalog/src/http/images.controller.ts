import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf, type RouteKey } from '@coordina/platform';
import { Controller, Req, Res } from '@nestjs/common';
import { catalogRoutes } from '../contracts/catalog.routes';
import type { ProductImage } from '../contracts/products.dto';
import type { ImageVariant } from '../db/image.files';
import { ProductImagesService } from './product-images.service';

type In<K extends RouteKey<typeof catalogRoutes>> = InputOf<typeof catalogRoutes, K>;

/** The parts of Fastify's reply a binary answer uses. */
interface BinaryReply {
  header(name: string, value: string): BinaryReply;
  send(payload: Buffer): unknown;
}

/** Product pictures: uploads by the seller or an admin, and the files for everyone. */
@Controller()
export class ImagesController {
  constructor(private readonly images: ProductImagesService) {}

  @Endpoint(catalogRoutes, 'POST /api/gamevault/products/:id/images')
  upload(
    @Input() { params }: In<'POST /api/gamevault/products/:id/images'>,
    @CurrentUser() user: AuthUser,
    @Req() req: { headers: Record<string, string | string[] | undefined>; body?: unknown },
  ): Promise<ProductImage> {
    return this.images.upload(user, params.id, String(req.headers['content-type'] ?? ''), req.body);
  }

  @Endpoint(catalogRoutes, 'GET /api/gamevault/images/:id')
  image(@Input() { params }: In<'GET /api/gamevault/images/:id'>, @Res() reply: BinaryReply): Promise<void> {
    return this.#send(reply, params.id, 'image');
  }

  @Endpoint(catalogRoutes, 'GET /api/gamevault/images/:id/thumbnail')
  thumbnail(
    @Input() { params }: In<'GET /api/gamevault/images/:id/thumbnail'>,
    @Res() reply: BinaryReply,
  ): Promise<void> {
    return this.#send(reply, params.id, 'thumbnail');
  }

  async #send(reply: BinaryReply, id: string, variant: ImageVariant): Promise<void> {
    const data = await this.images.file(id, variant);
    // A picture's id is never reused: its bytes never change.
    reply
      .header('content-type', 'image/webp')
      .header('cache-control', 'public, max-age=31536000, immutable')
      .send(data);
  }
}
