import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processImage } from '@coordina/platform';
import sharp from 'sharp';
import type { MediaKind } from '../contracts/media.dto';
import type { StoredVariant } from '../db/media.repository';

/** A processed file: its bytes and what the row keeps about it. */
export interface Output {
  variant: StoredVariant;
  data: Buffer;
}

/** The longest ffmpeg may take on one file before it counts as a failure. */
const FFMPEG_TIMEOUT_MS = 5 * 60_000;
/** A video is scaled down to this width at most (heights kept even, as H.264 wants). */
const VIDEO_WIDTH = 1280;

/** Why processing failed, for the operator (what ffmpeg or sharp said, shortened). */
export class ProcessingError extends Error {}

/**
 * Turns an original into its variants (decision 0083): a picture into a WebP of at most 1200 px
 * and a 320 px thumbnail without metadata (the platform's pipeline, decision 0072); a video into
 * an H.264/AAC MP4 (faststart, metadata dropped) and a JPEG poster of its first frame; a sound
 * into Opus in Ogg. ffmpeg runs on temporary files, without a shell.
 */
export class Transcoder {
  constructor(private readonly ffmpeg: string) {}

  async process(kind: MediaKind, original: Buffer): Promise<Output[]> {
    if (kind === 'image') return this.#image(original);
    return this.#inTemp(async (dir) => {
      const input = join(dir, 'input');
      await writeFile(input, original);
      return kind === 'video' ? this.#video(dir, input) : this.#audio(dir, input);
    });
  }

  async #image(original: Buffer): Promise<Output[]> {
    const p = await processImage(original);
    if (!p) throw new ProcessingError('not a readable JPEG, PNG, WebP or GIF picture');
    const thumb = await sharp(p.thumbnail).metadata();
    return [
      out('image', 'image/webp', p.image, p.width, p.height),
      out('thumbnail', 'image/webp', p.thumbnail, thumb.width, thumb.height),
    ];
  }

  async #video(dir: string, input: string): Promise<Output[]> {
    const mp4 = join(dir, 'video.mp4');
    const poster = join(dir, 'poster.jpg');
    await this.#run([
      '-i',
      input,
      '-map',
      '0:v:0',
      '-map',
      '0:a:0?',
      '-map_metadata',
      '-1',
      '-vf',
      `scale='min(${VIDEO_WIDTH},iw)':-2`,
      '-c:v',
      'libx264',
      '-preset',
      'veryfast',
      '-crf',
      '26',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
      '-b:a',
      '128k',
      '-movflags',
      '+faststart',
      mp4,
    ]);
    await this.#run(['-i', mp4, '-frames:v', '1', '-map_metadata', '-1', '-q:v', '4', poster]);
    const [video, frame] = await Promise.all([readFile(mp4), readFile(poster)]);
    const meta = await sharp(frame).metadata();
    return [
      out('video', 'video/mp4', video, meta.width, meta.height),
      out('poster', 'image/jpeg', frame, meta.width, meta.height),
    ];
  }

  async #audio(dir: string, input: string): Promise<Output[]> {
    const ogg = join(dir, 'audio.ogg');
    await this.#run(['-i', input, '-vn', '-map_metadata', '-1', '-c:a', 'libopus', '-b:a', '64k', ogg]);
    return [out('audio', 'audio/ogg; codecs=opus', await readFile(ogg))];
  }

  #run(args: string[]): Promise<void> {
    return new Promise((resolve, reject) => {
      execFile(
        this.ffmpeg,
        ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args],
        { timeout: FFMPEG_TIMEOUT_MS, maxBuffer: 1024 * 1024 },
        (err, _stdout, stderr) => {
          if (!err) return resolve();
          const said = String(stderr).trim().split('\n').slice(-3).join(' | ');
          reject(new ProcessingError(`ffmpeg failed: ${said || err.message}`.slice(0, 1000)));
        },
      );
    });
  }

  async #inTemp<T>(work: (dir: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(join(tmpdir(), 'chat-media-'));
    try {
      return await work(dir);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

function out(name: StoredVariant['name'], contentType: string, data: Buffer, width?: number, height?: number): Output {
  return {
    data,
    variant: { name, contentType, bytes: data.length, ...(width ? { width } : {}), ...(height ? { height } : {}) },
  };
}
