import { join } from 'node:path';
import { envInt, Settings } from '@coordina/platform';
import { z } from 'zod';

const optional = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

/**
 * chat-media's settings (decision 0083). `CHAT_MEDIA_STORAGE`: `fs` (default) or `s3`.
 * `CHAT_MEDIA_DIR`: the files' directory for `fs` (default `.coordina/chat-media`; every
 * instance must see it). `CHAT_MEDIA_S3_BUCKET` (required for `s3`), `CHAT_MEDIA_S3_REGION`
 * (default us-east-1), `CHAT_MEDIA_S3_ENDPOINT` (an S3-compatible server; AWS when absent),
 * `CHAT_MEDIA_S3_ACCESS_KEY_ID` and `CHAT_MEDIA_S3_SECRET_ACCESS_KEY` (both or neither: the
 * SDK's default credentials when neither). `CHAT_MEDIA_MAX_BYTES`: the largest upload (default
 * and most 10 MiB, the platform's upload body). `CHAT_MEDIA_ATTEMPTS`: processing attempts
 * before a file is parked (default 3). `CHAT_MEDIA_FFMPEG`: the ffmpeg binary (default `ffmpeg`).
 */
export class MediaSettings extends Settings(
  z
    .object({
      CHAT_MEDIA_STORAGE: z.preprocess(optional, z.enum(['fs', 's3']).default('fs')),
      CHAT_MEDIA_DIR: z.preprocess(optional, z.string().default(join('.coordina', 'chat-media'))),
      CHAT_MEDIA_S3_BUCKET: z.preprocess(optional, z.string().optional()),
      CHAT_MEDIA_S3_REGION: z.preprocess(optional, z.string().default('us-east-1')),
      CHAT_MEDIA_S3_ENDPOINT: z.preprocess(optional, z.url().optional()),
      CHAT_MEDIA_S3_ACCESS_KEY_ID: z.preprocess(optional, z.string().optional()),
      CHAT_MEDIA_S3_SECRET_ACCESS_KEY: z.preprocess(optional, z.string().optional()),
      CHAT_MEDIA_MAX_BYTES: envInt({ min: 1, default: 10 * 1024 * 1024 }).pipe(z.number().max(10 * 1024 * 1024)),
      CHAT_MEDIA_ATTEMPTS: envInt({ min: 1, default: 3 }).pipe(z.number().max(20)),
      CHAT_MEDIA_FFMPEG: z.preprocess(optional, z.string().default('ffmpeg')),
    })
    .superRefine((env, ctx) => {
      if (env.CHAT_MEDIA_STORAGE === 's3' && !env.CHAT_MEDIA_S3_BUCKET)
        ctx.addIssue({
          code: 'custom',
          path: ['CHAT_MEDIA_S3_BUCKET'],
          message: 'required when CHAT_MEDIA_STORAGE=s3',
        });
      if ((env.CHAT_MEDIA_S3_ACCESS_KEY_ID === undefined) !== (env.CHAT_MEDIA_S3_SECRET_ACCESS_KEY === undefined))
        ctx.addIssue({
          code: 'custom',
          path: ['CHAT_MEDIA_S3_SECRET_ACCESS_KEY'],
          message: 'give both CHAT_MEDIA_S3_ACCESS_KEY_ID and CHAT_MEDIA_S3_SECRET_ACCESS_KEY, or neither',
        });
    })
    .transform((env) => ({
      storage: env.CHAT_MEDIA_STORAGE,
      dir: env.CHAT_MEDIA_DIR,
      s3: {
        bucket: env.CHAT_MEDIA_S3_BUCKET ?? '',
        region: env.CHAT_MEDIA_S3_REGION,
        endpoint: env.CHAT_MEDIA_S3_ENDPOINT,
        credentials:
          env.CHAT_MEDIA_S3_ACCESS_KEY_ID && env.CHAT_MEDIA_S3_SECRET_ACCESS_KEY
            ? { accessKeyId: env.CHAT_MEDIA_S3_ACCESS_KEY_ID, secretAccessKey: env.CHAT_MEDIA_S3_SECRET_ACCESS_KEY }
            : undefined,
      },
      maxBytes: env.CHAT_MEDIA_MAX_BYTES,
      attempts: env.CHAT_MEDIA_ATTEMPTS,
      ffmpeg: env.CHAT_MEDIA_FFMPEG,
    })),
) {}
