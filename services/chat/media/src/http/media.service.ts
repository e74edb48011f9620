import { randomUUID } from 'node:crypto';
import {
  AppError,
  type AuthUser,
  FILE_FIELD,
  imageFormatOf,
  SERVICE_CONTEXT,
  type ServiceContext,
  uploadedFile,
} from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { MediaAccepted, MediaKind, MediaView, VariantName } from '../contracts/media.dto';
import { MediaErrors } from '../contracts/media.errors';
import { MediaRepository, mediaView } from '../db/media.repository';
import { MEDIA_QUEUE, originalKey, PRIORITY, type ProcessJob, variantKey } from '../domain/media.queue';
import { containerKindOf } from '../domain/media.sniff';
import { MediaSettings } from '../media.settings';
import type { MediaStorage } from '../storage/media.storage';
import { MEDIA_STORAGE } from '../storage/storage.provider';

/**
 * Uploads and reads (decision 0083): an upload is checked (size, kind from its bytes), stored as
 * it came, and queued for processing in the transaction that records it; it answers 202 at
 * once. A media answers its uploader and the members of the conversations carrying it.
 */
@Injectable()
export class MediaService {
  readonly #media = new MediaRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    private readonly settings: MediaSettings,
    @Inject(MEDIA_STORAGE) private readonly storage: MediaStorage,
  ) {}

  async upload(user: AuthUser, contentType: string, body: unknown): Promise<MediaAccepted> {
    const data = await uploadedFile(contentType, body, {
      maxBytes: this.settings.maxBytes,
      tooLarge: MediaErrors.MEDIA_TOO_LARGE,
    });
    const kind = await kindOf(data);
    if (!kind)
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `${FILE_FIELD}: not a picture, a video or a sound`, {
        errors: [
          {
            field: FILE_FIELD,
            message: 'must be a picture (JPEG, PNG, WebP, GIF), a video or a sound (read from its bytes)',
          },
        ],
      });
    const id = randomUUID();
    await this.storage.put(originalKey(id), data, 'application/octet-stream');
    try {
      await this.ctx.db.transaction(async (tx) => {
        await this.#media.insert(tx, { id, uploadedBy: user.id, kind, bytes: data.length });
        await this.ctx.queue.send<ProcessJob>(
          MEDIA_QUEUE,
          { mediaId: id },
          { priority: PRIORITY[kind], singletonKey: id, tx },
        );
      });
    } catch (err) {
      await this.storage.remove(originalKey(id));
      throw err;
    }
    return { id, status: 'pending' };
  }

  async get(user: AuthUser, id: string): Promise<MediaView> {
    return mediaView(await this.#readable(user, id));
  }

  /** A variant's bytes and content type. */
  async variant(user: AuthUser, id: string, name: VariantName): Promise<{ data: Buffer; contentType: string }> {
    const media = await this.#readable(user, id);
    const variant = media.variants.find((v) => v.name === name);
    if (media.status !== 'ready') throw new AppError(MediaErrors.MEDIA_NOT_READY, `media ${id} is ${media.status}`);
    if (!variant) throw new AppError('NOT_FOUND', `media ${id} has no ${name}`);
    const data = await this.storage.get(variantKey(id, name));
    if (!data) throw new AppError('NOT_FOUND', `media ${id} has no ${name} file`);
    return { data, contentType: variant.contentType };
  }

  async #readable(user: AuthUser, id: string) {
    const media = await this.#media.findFor(this.ctx.db.db, id, user.id);
    if (!media) throw new AppError('NOT_FOUND', `media ${id} not found`);
    return media;
  }
}

/** A picture as sharp reads it, else a video or sound container by its first bytes. */
async function kindOf(bytes: Buffer): Promise<MediaKind | undefined> {
  if (await imageFormatOf(bytes)) return 'image';
  return containerKindOf(bytes);
}
