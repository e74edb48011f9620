import sharp from 'sharp';

/** What a picture becomes: a WebP at most 1200 px a side and a 320 px square thumbnail, without metadata. */
export interface ProcessedImage {
  image: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

/** The formats a picture may come in, read from its bytes (never its name or declared type). */
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'gif']);
/** A decompression bomb (a small file of huge dimensions) is refused before it is decoded. */
const MAX_INPUT_PIXELS = 40_000_000;
export const IMAGE_SIDE = 1200;
export const THUMBNAIL_SIDE = 320;

/**
 * Resizes and thumbnails a picture with sharp. The EXIF orientation is applied to the pixels
 * and then every metadata block (EXIF with its GPS position, XMP, ICC, comments) is left out:
 * sharp writes none unless asked to keep them. `undefined` when the bytes are not a picture of
 * an accepted format.
 */
export async function processImage(bytes: Buffer): Promise<ProcessedImage | undefined> {
  const input = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, animated: false, failOn: 'error' });
  let format: string | undefined;
  try {
    format = (await input().metadata()).format;
  } catch {
    return undefined;
  }
  if (!format || !ACCEPTED.has(format)) return undefined;
  try {
    const image = await input()
      .rotate()
      .resize(IMAGE_SIDE, IMAGE_SIDE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await input()
      .rotate()
      .resize(THUMBNAIL_SIDE, THUMBNAIL_SIDE, { fit: 'cover' })
      .webp({ quality: 75 })
      .toBuffer();
    return { image: image.data, thumbnail, width: image.info.width, height: image.info.height };
  } catch {
    // The header was readable, the pixels are not (a truncated or corrupt file).
    return undefined;
  }
}
