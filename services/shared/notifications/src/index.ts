import { type ServiceManifest, serviceModule } from '@coordina/platform';
import type { Type } from '@nestjs/common';
import { notificationsRoutes } from './contracts/notifications.routes';
import { migrations } from './db/migrations';
import { DeliveryWorker } from './events/delivery.worker';
import { EmailWorker } from './events/email.worker';
import { NotificationsConsumer } from './events/notifications.consumer';
import { DELIVERY_HANDLERS, FEED_HANDLERS } from './events/system.parts';
import { NotificationsController } from './http/notifications.controller';
import { NotificationsModule } from './notifications.module';
import { notificationSystems } from './systems';

const some = <T>(xs: (T | undefined)[]): T[] => xs.filter((x): x is T => x !== undefined);
const feeds: Type[] = some(notificationSystems.map((s) => s.feed));
const deliveries: Type[] = some(notificationSystems.map((s) => s.deliveries));

export const notificationsService: ServiceManifest = {
  name: 'notifications',
  routes: notificationsRoutes,
  events: [],
  migrations,
  module: (ctx) =>
    serviceModule(NotificationsModule, ctx, {
      controllers: [NotificationsController],
      providers: [
        ...notificationSystems.flatMap((s) => s.consumers ?? []),
        ...feeds,
        ...deliveries,
        { provide: FEED_HANDLERS, useFactory: (...f: unknown[]) => f, inject: feeds },
        { provide: DELIVERY_HANDLERS, useFactory: (...d: unknown[]) => d, inject: deliveries },
        NotificationsConsumer,
        DeliveryWorker,
        EmailWorker,
      ],
    }),
};

export { NotificationsModule };
