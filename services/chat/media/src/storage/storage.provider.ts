import { MediaSettings } from '../media.settings';
import { FsStorage } from './fs.storage';
import type { MediaStorage } from './media.storage';
import { S3Storage } from './s3.storage';

/** The Nest token of the configured MediaStorage. */
export const MEDIA_STORAGE = Symbol('chat-media.storage');

export function storageFor(settings: MediaSettings): MediaStorage {
  return settings.storage === 's3' ? new S3Storage(settings.s3) : new FsStorage(settings.dir);
}

export const storageProvider = { provide: MEDIA_STORAGE, useFactory: storageFor, inject: [MediaSettings] };
