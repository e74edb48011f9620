import { type ServiceManifest, serviceModule } from '@coordina/platform';
import { notificationsRoutes } from './contracts/notifications.routes';
import { migrations } from './db/migrations';
import { AccessConsumer } from './events/access.consumer';
import { DeliveryWorker } from './events/delivery.worker';
import { EmailWorker } from './events/email.worker';
import { MusicfestConsumer } from './events/musicfest.consumer';
import { NotificationsConsumer } from './events/notifications.consumer';
import { NotificationsController } from './http/notifications.controller';
import { NotificationsModule } from './notifications.module';

export const notificationsService: ServiceManifest = {
  name: 'notifications',
  routes: notificationsRoutes,
  events: [],
  migrations,
  module: (ctx) =>
    serviceModule(NotificationsModule, ctx, {
      controllers: [NotificationsController],
      providers: [NotificationsConsumer, AccessConsumer, MusicfestConsumer, DeliveryWorker, EmailWorker],
    }),
};

export { NotificationsModule };
