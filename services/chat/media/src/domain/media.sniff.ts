import type { MediaKind } from '../contracts/media.dto';

/**
 * The kind of a video or sound container, read from its first bytes (never its name or declared
 * type): MP4/QuickTime (`ftyp`, an `M4A ` brand is a sound), Matroska/WebM, AVI, Ogg, WAV, FLAC,
 * MP3 (an ID3 tag or an MPEG audio frame). Pictures are recognized by sharp (`imageFormatOf`).
 * A container that claims a kind but cannot be decoded fails in processing and is parked.
 */
export function containerKindOf(b: Buffer): Exclude<MediaKind, 'image'> | undefined {
  const ascii = (from: number, to: number) => b.subarray(from, to).toString('latin1');
  if (b.length < 12) return undefined;
  if (ascii(4, 8) === 'ftyp') return /^M4[AB] /.test(ascii(8, 12)) ? 'audio' : 'video';
  if (b.readUInt32BE(0) === 0x1a45dfa3) return 'video';
  if (ascii(0, 4) === 'RIFF') {
    if (ascii(8, 12) === 'WAVE') return 'audio';
    if (ascii(8, 12) === 'AVI ') return 'video';
    return undefined;
  }
  if (ascii(0, 4) === 'OggS' || ascii(0, 4) === 'fLaC' || ascii(0, 3) === 'ID3') return 'audio';
  // An MPEG audio frame: 11 sync bits, a layer that is not "reserved".
  if (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0 && ((b[1] ?? 0) & 0x06) !== 0) return 'audio';
  return undefined;
}
