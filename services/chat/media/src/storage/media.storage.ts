/**
 * Where media files live, by key (`<media id>/<name>`): the filesystem by default, an
 * S3-compatible bucket by configuration (decision 0083). Every instance of the service must see
 * the same store.
 */
export interface MediaStorage {
  put(key: string, data: Buffer, contentType: string): Promise<void>;
  /** The file's bytes; undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  remove(key: string): Promise<void>;
}
