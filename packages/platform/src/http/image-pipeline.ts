import sharp from 'sharp';

/** What a picture becomes: a WebP at most `side` px a side and a square thumbnail, without metadata. */
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
/** The sizes a picture is written at (defaults: 1200 px a side, a 320 px square thumbnail). */
export interface ImageSizes {
  side: number;
  thumbnailSide: number;
}
const DEFAULT_SIZES: ImageSizes = { side: 1200, thumbnailSide: 320 };
const input = (bytes: Buffer) => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, animated: false, failOn: 'error' });

/**
 * The picture format read from the bytes (`jpeg`, `png`, `webp` or `gif`), never from a name or
 * a declared type; undefined when the bytes are no picture of an accepted format (SVG is none).
 */
export async function imageFormatOf(bytes: Buffer): Promise<string | undefined> {
  try {
    const format = (await input(bytes).metadata()).format;
    return format && ACCEPTED.has(format) ? format : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resizes and thumbnails a picture with sharp (decision 0072). The EXIF orientation is applied to the pixels
 * and then every metadata block (EXIF with its GPS position, XMP, ICC, comments) is left out:
 * sharp writes none unless asked to keep them. `undefined` when the bytes are not a picture of
 * an accepted format.
 */
export async function processImage(
  bytes: Buffer,
  sizes: ImageSizes = DEFAULT_SIZES,
): Promise<ProcessedImage | undefined> {
  if (!(await imageFormatOf(bytes))) return undefined;
  try {
    const image = await input(bytes)
      .rotate()
      .resize(sizes.side, sizes.side, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 82 })
      .toBuffer({ resolveWithObject: true });
    const thumbnail = await input(bytes)
      .rotate()
      .resize(sizes.thumbnailSide, sizes.thumbnailSide, { fit: 'cover' })
      .webp({ quality: 75 })
      .toBuffer();
    return { image: image.data, thumbnail, width: image.info.width, height: image.info.height };
  } catch {
    // The header was readable, the pixels are not (a truncated or corrupt file).
    return undefined;
  }
}
