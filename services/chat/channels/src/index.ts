import { PagoSolicitar, ReembolsoSolicitar } from '@coordina/payments/contracts';
import { type ServiceManifest, serviceModule } from '@coordina/platform';
import { ChannelsModule } from './channels.module';
import { ChannelsSettings } from './channels.settings';
import { ChannelsErrors } from './contracts/channels.errors';
import { channelsRoutes } from './contracts/channels.routes';
import {
  CanalCreado,
  PublicacionCreada,
  PublicacionNotificada,
  ResumenCanalesPreparado,
  SuscripcionCreada,
  SuscripcionEliminada,
  SuscripcionRenovada,
} from './contracts/events';
import { migrations } from './db/migrations';
import { FanoutWorker } from './events/fanout.worker';
import { PeriodicSweeper } from './events/periodic.sweeper';
import { ChannelsController } from './http/channels.controller';
import { ChannelsService } from './http/channels.service';
import { SubscriptionsService } from './http/subscriptions.service';

/**
 * Chat's channels (seed 003, "Canales", the Observer): owners publish posts, subscribers are
 * notified in batches by the ChannelsQueue (decision 0085) and read them in their feed; paid
 * channels charge a monthly subscription through payments' saga, renewed each period.
 */
export const channelsService: ServiceManifest = {
  name: 'chat-channels',
  routes: channelsRoutes,
  events: [
    CanalCreado,
    PublicacionCreada,
    PublicacionNotificada,
    SuscripcionRenovada,
    SuscripcionCreada,
    SuscripcionEliminada,
    ResumenCanalesPreparado,
    // Saga commands sent to payments for the monthly charge.
    PagoSolicitar,
    ReembolsoSolicitar,
  ],
  migrations,
  errorCodes: ChannelsErrors,
  settings: ChannelsSettings,
  module: (ctx) =>
    serviceModule(ChannelsModule, ctx, {
      controllers: [ChannelsController],
      providers: [
        { provide: ChannelsSettings, useValue: ctx.settings },
        ChannelsService,
        SubscriptionsService,
        FanoutWorker,
        PeriodicSweeper,
      ],
    }),
};

export { ChannelsModule };
