import { on, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ProductoActualizado, ProductoPublicado } from '../contracts/events';
import { ProductsService } from '../http/products.service';

/**
 * Drops cached reads when a product is published or changes. The writer also drops them after
 * its commit; this covers the other instances sharing the cache and writes this process did not make.
 */
@Injectable()
export class ProductCacheInvalidator implements OnModuleInit {
  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly reads: ProductsService,
  ) {}

  onModuleInit(): void {
    this.ctx.bus.subscribe({
      group: 'gamevault-catalog.cache',
      handlers: [
        on(ProductoPublicado, (d) => this.reads.cache.invalidate(d.product.id)),
        on(ProductoActualizado, (d) => this.reads.cache.invalidate(d.product.id)),
      ],
    });
  }
}
