import busboy from 'busboy';
import { AppError } from '../errors/app-error';
import type { ErrorDefinition } from '../errors/error-codes';

/** The file part of an upload, as far as the limit let it be read. */
export interface UploadedFile {
  data: Buffer;
  /** The file was longer than the limit (`data` is cut there). */
  truncated: boolean;
}

/**
 * The part named `field` of a multipart/form-data body (the bytes the host read for a route
 * declaring `upload: true`, decision 0072);
 * undefined when there is none. Throws on a body that is not valid multipart. The part's name
 * and declared type are not trusted: the caller looks at the bytes.
 */
export function fileOf(
  contentType: string,
  body: Buffer,
  field: string,
  maxBytes: number,
): Promise<UploadedFile | undefined> {
  return new Promise((resolve, reject) => {
    let found: UploadedFile | undefined;
    const parser = busboy({
      headers: { 'content-type': contentType },
      limits: { files: 1, fileSize: maxBytes, fields: 20, parts: 21 },
    });
    parser.on('file', (name, stream) => {
      if (name !== field) {
        stream.resume();
        return;
      }
      const chunks: Buffer[] = [];
      const file: UploadedFile = { data: Buffer.alloc(0), truncated: false };
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => {
        file.truncated = true;
      });
      stream.on('end', () => {
        file.data = Buffer.concat(chunks);
        found = file;
      });
    });
    parser.on('error', reject);
    parser.on('close', () => resolve(found));
    parser.end(body);
  });
}

/** What `uploadedFile` takes: the limit, and the error (413) a larger file answers. */
export interface UploadLimits {
  maxBytes: number;
  tooLarge: ErrorDefinition;
}

/**
 * The bytes of the `file` part of an upload route's body (decision 0072), or a problem naming
 * `body.file`: 400 without one (or when the body is not multipart), the caller's 413 past the
 * limit. What the bytes are is for the caller to read.
 */
export async function uploadedFile(contentType: string, body: unknown, limits: UploadLimits): Promise<Buffer> {
  const invalid = (message: string, field = FILE_FIELD) =>
    new AppError('VALIDATION_FAILED', `${field}: ${message}`, { errors: [{ field, message }] });
  if (!Buffer.isBuffer(body)) throw invalid('send multipart/form-data with a file part named file');
  const file = await fileOf(contentType, body, 'file', limits.maxBytes).catch(() => {
    throw invalid('not a valid multipart/form-data body', 'body');
  });
  if (!file || file.data.length === 0) throw invalid('a file part named file is required');
  if (file.truncated)
    throw new AppError(limits.tooLarge, `${FILE_FIELD}: larger than ${limits.maxBytes} bytes`, {
      errors: [{ field: FILE_FIELD, message: `at most ${limits.maxBytes} bytes` }],
    });
  return file.data;
}

/** The field a problem about an upload's file names. */
export const FILE_FIELD = 'body.file';
