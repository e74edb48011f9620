import { createHash } from 'node:crypto';

/** Maps a key to a partition; the same key always lands on the same partition. */
export function partitionFor(key: string, partitions: number): number {
  const digest = createHash('md5').update(key).digest();
  return digest.readUInt32BE(0) % partitions;
}
