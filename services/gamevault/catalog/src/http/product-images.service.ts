import { randomUUID } from 'node:crypto';
import {
  AppError,
  type AuthUser,
  FILE_FIELD,
  processImage,
  SERVICE_CONTEXT,
  type ServiceContext,
  uploadedFile,
} from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CatalogSettings } from '../catalog.settings';
import { CatalogErrors } from '../contracts/catalog.errors';
import { ProductoActualizado } from '../contracts/events';
import type { ProductImage, ProductView } from '../contracts/products.dto';
import { ImageFiles, type ImageVariant } from '../db/image.files';
import { imageView, ProductsRepository } from '../db/products.repository';
import { ProductRules } from '../domain/product.rules';
import { ProductsService } from './products.service';

/**
 * Product pictures (decision 0072): a seller's (or an admin's) upload is read from its bytes,
 * resized and thumbnailed without metadata, stored as files and listed on the product in one
 * transaction with producto.actualizado.
 */
@Injectable()
export class ProductImagesService {
  readonly #products = new ProductsRepository();
  readonly #rules = new ProductRules();
  readonly #files: ImageFiles;

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: CatalogSettings,
    private readonly reads: ProductsService,
  ) {
    this.#files = new ImageFiles(settings.imageDir);
  }

  async upload(user: AuthUser, productId: string, contentType: string, body: unknown): Promise<ProductImage> {
    // Who may add to the product first: a stranger's upload is never decoded.
    this.#mayChange(user, productId, await this.#products.find(this.ctx.db.db, productId));
    const data = await uploadedFile(contentType, body, {
      maxBytes: this.settings.imageMaxBytes,
      tooLarge: CatalogErrors.IMAGE_TOO_LARGE,
    });
    const processed = await processImage(data);
    if (!processed)
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${FILE_FIELD}: not a JPEG, PNG, WebP or GIF picture`, {
        errors: [{ field: FILE_FIELD, message: 'must be a JPEG, PNG, WebP or GIF picture (read from its bytes)' }],
      });
    const image = { id: randomUUID(), width: processed.width, height: processed.height };
    await this.#files.write(image.id, { image: processed.image, thumbnail: processed.thumbnail });
    try {
      await this.ctx.db.transaction(async (tx) => {
        this.#mayChange(user, productId, await this.#products.find(tx, productId, true));
        const updated = await this.#products.addImage(tx, productId, image);
        if (!updated) throw new AppError(CatalogErrors.TOO_MANY_IMAGES, `product ${productId} has 10 pictures`);
        await this.ctx.bus.publish(tx, ProductoActualizado, { product: updated, at: updated.updatedAt });
      });
    } catch (err) {
      await this.#files.remove(image.id);
      throw err;
    }
    await this.reads.cache.invalidate(productId);
    return imageView(image);
  }

  /** A stored picture's bytes (WebP). */
  async file(id: string, variant: ImageVariant): Promise<Buffer> {
    const data = await this.#files.read(id, variant);
    if (!data) throw new AppError('NOT_FOUND', `image ${id} not found`);
    return data;
  }

  #mayChange(user: AuthUser, id: string, product: ProductView | undefined): void {
    if (!product) throw new AppError('NOT_FOUND', `product ${id} not found`);
    if (!this.#rules.mayChange(user, product))
      throw new AppError(CatalogErrors.NOT_PRODUCT_SELLER, `product ${id} belongs to another seller`);
  }
}
