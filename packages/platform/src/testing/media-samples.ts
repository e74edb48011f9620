import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

/** A photo as a phone takes it: a 2000×1500 JPEG with EXIF naming who took it and where. */
export function samplePhoto(): Promise<Buffer> {
  return sharp({ create: { width: 2000, height: 1500, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .jpeg()
    .withExif({ IFD0: { Artist: 'Ana Demo', ImageDescription: 'en la playa de Miraflores' } })
    .toBuffer();
}

/**
 * One second made by ffmpeg's test sources (no file shipped): a 320×240 test pattern with a
 * tone as MPEG-4 and Opus in Matroska, or the tone alone as a WAV.
 */
export function sampleClip(kind: 'video' | 'audio'): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'sample-clip-'));
  try {
    const out = join(dir, kind === 'video' ? 'clip.mkv' : 'tone.wav');
    const video = ['-f', 'lavfi', '-i', 'testsrc=duration=1:size=320x240:rate=10'];
    const tone = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1'];
    const args =
      kind === 'video'
        ? [...video, ...tone, '-c:v', 'mpeg4', '-c:a', 'libopus', '-shortest', out]
        : [...tone, '-c:a', 'pcm_s16le', out];
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...args]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What ffprobe says of a file's first video or audio stream: codec, pixel format, size. */
export function probeStream(file: string, stream: 'v:0' | 'a:0'): Record<string, string> {
  const out = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      stream,
      '-show_entries',
      'stream=codec_name,pix_fmt,width,height',
      '-of',
      'default=nw=1',
      file,
    ],
    { encoding: 'utf8' },
  );
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('=') as [string, string]),
  );
}
