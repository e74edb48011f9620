import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { MediaStorage } from './media.storage';

/** Media files under a directory; a file is written under a temporary name and renamed, so a reader never sees half of one. */
export class FsStorage implements MediaStorage {
  constructor(private readonly dir: string) {}

  #path(key: string): string {
    return join(this.dir, ...key.split('/'));
  }

  async put(key: string, data: Buffer): Promise<void> {
    const path = this.#path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.part`, data);
    await rename(`${path}.part`, path);
  }

  async get(key: string): Promise<Buffer | undefined> {
    try {
      return await readFile(this.#path(key));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async remove(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }
}
