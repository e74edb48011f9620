import { defineRoles, type ServiceManifest, serviceModule } from '@coordina/platform';
import { CatalogModule } from './catalog.module';
import { CatalogSettings } from './catalog.settings';
import { CatalogErrors } from './contracts/catalog.errors';
import { catalogRoutes } from './contracts/catalog.routes';
import { ProductoActualizado, ProductoPublicado } from './contracts/events';
import { ReservaStockFallida, StockReservado } from './contracts/stock.events';
import { seedDemoProducts } from './db/demo-products.seed';
import { migrations } from './db/migrations';
import { ProductCacheInvalidator } from './events/product-cache.invalidator';
import { StockReservationsConsumer } from './events/stock-reservations.consumer';
import { ImagesController } from './http/images.controller';
import { ProductImagesService } from './http/product-images.service';
import { ProductWriter } from './http/product-writer.service';
import { ProductsController } from './http/products.controller';
import { ProductsService } from './http/products.service';

/**
 * GameVault's catalog (CP in seed 001): products, their public search, seller and admin writes,
 * and the stock reservations of the orders saga.
 */
export const catalogService: ServiceManifest = {
  name: 'gamevault-catalog',
  routes: catalogRoutes,
  // The replies of its part of the orders saga (stock.reservar and stock.liberar, from orders).
  events: [ProductoPublicado, ProductoActualizado, StockReservado, ReservaStockFallida],
  migrations,
  errorCodes: CatalogErrors,
  // GameVault's roles (decision 0048): buyers, sellers and GameVault's own admins.
  roles: defineRoles('buyer', 'seller', 'gamevault_admin'),
  settings: CatalogSettings,
  module: (ctx) =>
    serviceModule(CatalogModule, ctx, {
      controllers: [ProductsController, ImagesController],
      providers: [
        { provide: CatalogSettings, useValue: ctx.settings },
        ProductsService,
        ProductWriter,
        ProductImagesService,
        ProductCacheInvalidator,
        StockReservationsConsumer,
      ],
    }),
  seed: seedDemoProducts,
};

export { type BulkSeedResult, seedBulkProducts, seededProductId } from './db/bulk-products.seed';
export { CatalogModule };
