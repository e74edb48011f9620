import busboy from 'busboy';

/** The file part of an upload, as far as the limit let it be read. */
export interface UploadedFile {
  data: Buffer;
  /** The file was longer than the limit (`data` is cut there). */
  truncated: boolean;
}

/**
 * The part named `field` of a multipart/form-data body (the bytes the host read, decision 0072);
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
