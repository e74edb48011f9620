import { defineRoles, type ServiceManifest, serviceModule } from '@coordina/platform';
import { CARRIER } from './carriers/carrier.port';
import { SandboxCarrier } from './carriers/sandbox-carrier';
import { SandboxCarrierWorker } from './carriers/sandbox-carrier.worker';
import { EntregaFallida, EntregaPreparada, EnvioActualizado } from './contracts/events';
import { LogisticsErrors } from './contracts/logistics.errors';
import { logisticsRoutes } from './contracts/logistics.routes';
import { seedDemoKeys } from './db/demo-keys.seed';
import { migrations } from './db/migrations';
import { KeyCipher } from './domain/key-cipher';
import { carrierSecretOf, keyCipherOf } from './domain/logistics-secrets';
import { FulfilmentConsumer } from './events/fulfilment.consumer';
import { CarrierWebhooksService } from './http/carrier-webhooks.service';
import { KeyPoolService } from './http/key-pool.service';
import { LogisticsController } from './http/logistics.controller';
import { OrderFulfilmentQuery } from './http/order-fulfilment.query';
import { LogisticsModule } from './logistics.module';
import { LogisticsSettings } from './logistics.settings';

/**
 * GameVault's logistics (LE in seed 001): key pools of digital products (sealed at rest, each
 * key delivered once, shown to its buyer only), shipments of physical ones through a carrier
 * adapter (the sandbox carrier and its signed webhooks), and the fulfilment step of the order
 * saga (decision 0065).
 */
export const logisticsService: ServiceManifest = {
  name: 'gamevault-logistics',
  routes: logisticsRoutes,
  // The replies of its part of the orders saga (entrega.preparar and entrega.anular, from orders).
  events: [EntregaPreparada, EntregaFallida, EnvioActualizado],
  migrations,
  errorCodes: LogisticsErrors,
  // GameVault's roles (decision 0048): sellers upload keys; buyers read their orders' keys.
  roles: defineRoles('buyer', 'seller', 'gamevault_admin'),
  settings: LogisticsSettings,
  module: (ctx) => {
    const settings = ctx.settings as LogisticsSettings;
    return serviceModule(LogisticsModule, ctx, {
      controllers: [LogisticsController],
      providers: [
        { provide: LogisticsSettings, useValue: settings },
        { provide: KeyCipher, useValue: keyCipherOf(settings.keysSecret, ctx.config.jwtSecret) },
        {
          provide: CARRIER,
          useValue: new SandboxCarrier(
            ctx.queue,
            carrierSecretOf(settings.carrierWebhookSecret, ctx.config.jwtSecret),
            settings.sandboxStepMs,
          ),
        },
        KeyPoolService,
        OrderFulfilmentQuery,
        CarrierWebhooksService,
        FulfilmentConsumer,
        SandboxCarrierWorker,
      ],
    });
  },
  seed: seedDemoKeys,
};

export { LogisticsModule };
