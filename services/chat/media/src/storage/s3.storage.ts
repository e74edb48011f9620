import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { MediaStorage } from './media.storage';

export interface S3Options {
  bucket: string;
  region: string;
  /** An S3-compatible server's URL (MinIO, moto, Ceph); AWS's own endpoint when absent. */
  endpoint?: string;
  /** Absent: the SDK's default credential chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** Media files as objects of one bucket (path-style addressing, which every S3-compatible server takes). */
export class S3Storage implements MediaStorage {
  readonly #client: S3Client;

  constructor(private readonly options: S3Options) {
    this.#client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.endpoint !== undefined,
      credentials: options.credentials,
    });
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: data, ContentType: contentType }),
    );
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      const r = await this.#client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return r.Body ? Buffer.from(await r.Body.transformToByteArray()) : undefined;
    } catch (err) {
      if (err instanceof NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return undefined;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  close(): void {
    this.#client.destroy();
  }
}
