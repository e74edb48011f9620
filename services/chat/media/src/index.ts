import { type ServiceManifest, serviceModule } from '@coordina/platform';
import { MediaProcesada } from './contracts/events';
import { MediaErrors } from './contracts/media.errors';
import { mediaRoutes } from './contracts/media.routes';
import { migrations } from './db/migrations';
import { MediaWorker } from './events/media.worker';
import { MediaAccessConsumer } from './events/media-access.consumer';
import { MediaController } from './http/media.controller';
import { MediaService } from './http/media.service';
import { MediaModule } from './media.module';
import { MediaSettings } from './media.settings';
import { storageProvider } from './storage/storage.provider';

/**
 * Chat's media (seed 003, "Servicio de Multimedia", MultimediaQueue; decision 0083): uploads
 * typed by their bytes, stored on the filesystem or an S3-compatible bucket, processed in a
 * priority queue (pictures with sharp, videos and sounds with ffmpeg), announced by
 * media.procesada, parked with their reason when they cannot be processed.
 */
export const mediaService: ServiceManifest = {
  name: 'chat-media',
  routes: mediaRoutes,
  events: [MediaProcesada],
  migrations,
  errorCodes: MediaErrors,
  settings: MediaSettings,
  module: (ctx) =>
    serviceModule(MediaModule, ctx, {
      controllers: [MediaController],
      providers: [
        { provide: MediaSettings, useValue: ctx.settings },
        storageProvider,
        MediaService,
        MediaWorker,
        MediaAccessConsumer,
      ],
    }),
};

export { MediaModule };
