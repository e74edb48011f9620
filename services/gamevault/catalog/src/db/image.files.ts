import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export type ImageVariant = 'image' | 'thumbnail';

/**
 * Product pictures on the filesystem (the directory of GAMEVAULT_CATALOG_IMAGE_DIR), one file per
 * variant named by the picture's id. A file is written under a temporary name and renamed, so a
 * reader never sees half of one.
 */
export class ImageFiles {
  constructor(private readonly dir: string) {}

  #path(id: string, variant: ImageVariant): string {
    return join(this.dir, variant === 'image' ? `${id}.webp` : `${id}.thumb.webp`);
  }

  async write(id: string, files: Record<ImageVariant, Buffer>): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    for (const [variant, data] of Object.entries(files) as [ImageVariant, Buffer][]) {
      const path = this.#path(id, variant);
      await writeFile(`${path}.part`, data);
      await rename(`${path}.part`, path);
    }
  }

  /** The file's bytes; undefined when there is none. */
  async read(id: string, variant: ImageVariant): Promise<Buffer | undefined> {
    try {
      return await readFile(this.#path(id, variant));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
  }

  async remove(id: string): Promise<void> {
    await Promise.all((['image', 'thumbnail'] as const).map((v) => rm(this.#path(id, v), { force: true })));
  }
}
