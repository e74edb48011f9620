import type { S3Client } from '@aws-sdk/client-s3';
import type { MediaStorage } from './media.storage';

export interface S3Options {
  bucket: string;
  region: string;
  /** An S3-compatible server's URL (MinIO, moto, Ceph); AWS's own endpoint when absent. */
  endpoint?: string;
  /** Absent: the SDK's default credential chain (environment, profile, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

type S3Sdk = typeof import('@aws-sdk/client-s3');

/**
 * Media files as objects of one bucket (path-style addressing, which every S3-compatible server
 * takes). The SDK is loaded on the first call, not at start (decision 0112).
 */
export class S3Storage implements MediaStorage {
  #sdk: { sdk: S3Sdk; client: S3Client } | undefined;

  constructor(private readonly options: S3Options) {}

  #load(): { sdk: S3Sdk; client: S3Client } {
    if (!this.#sdk) {
      const sdk: S3Sdk = require('@aws-sdk/client-s3');
      const client = new sdk.S3Client({
        region: this.options.region,
        endpoint: this.options.endpoint,
        forcePathStyle: this.options.endpoint !== undefined,
        credentials: this.options.credentials,
      });
      this.#sdk = { sdk, client };
    }
    return this.#sdk;
  }

  async put(key: string, data: Buffer, contentType: string): Promise<void> {
    const { sdk, client } = this.#load();
    await client.send(
      new sdk.PutObjectCommand({ Bucket: this.options.bucket, Key: key, Body: data, ContentType: contentType }),
    );
  }

  async get(key: string): Promise<Buffer | undefined> {
    const { sdk, client } = this.#load();
    try {
      const r = await client.send(new sdk.GetObjectCommand({ Bucket: this.options.bucket, Key: key }));
      return r.Body ? Buffer.from(await r.Body.transformToByteArray()) : undefined;
    } catch (err) {
      if (err instanceof sdk.NoSuchKey || (err as { name?: string }).name === 'NoSuchKey') return undefined;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    const { sdk, client } = this.#load();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.options.bucket, Key: key }));
  }

  close(): void {
    this.#sdk?.client.destroy();
  }
}
