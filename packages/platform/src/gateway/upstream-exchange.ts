import { PassThrough, type Readable } from 'node:stream';
import type { Dispatcher } from 'undici';

/** An instance's answer as the gateway relays it. */
export interface Upstream {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Buffered, except Server-Sent Events, which are relayed as they come. */
  body: Buffer | Readable;
}

/**
 * One request to an instance's pool, its answer collected as a Buffer (decision 0107).
 * undici's `request` wraps every answer in a stream (a Readable, its events and ticks) that
 * the gateway only reads to the end; a dispatch handler takes the chunks as they are parsed
 * instead. An answer that turns out to be an event stream is relayed as a stream, as before.
 */
export function exchange(pool: Dispatcher, options: Dispatcher.DispatchOptions): Promise<Upstream> {
  return new Promise((resolve, reject) => {
    let status = 0;
    let headers: Upstream['headers'] = {};
    let chunks: Buffer[] = [];
    let stream: PassThrough | undefined;
    let settled = false;
    const handler: Dispatcher.DispatchHandler = {
      onConnect() {},
      onHeaders(statusCode, raw, resume) {
        if (statusCode < 200) return true;
        status = statusCode;
        headers = headersOf(raw);
        if (!String(headers['content-type'] ?? '').startsWith('text/event-stream')) return true;
        stream = new PassThrough();
        stream.on('drain', resume);
        settled = true;
        resolve({ status, headers, body: stream });
        return true;
      },
      onData(chunk) {
        if (stream) return stream.write(chunk);
        chunks.push(chunk);
        return true;
      },
      onComplete() {
        if (stream) {
          stream.end();
          return;
        }
        settled = true;
        const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
        chunks = [];
        resolve({ status, headers, body });
      },
      onError(err) {
        if (stream) stream.destroy(err);
        if (settled) return;
        settled = true;
        reject(err);
      },
    };
    pool.dispatch(options, handler);
  });
}

/** undici's raw header list (name, value, name, value...) as Node's headers object: names lower-case, repeats joined. */
function headersOf(raw: Buffer[] | string[] | null): Upstream['headers'] {
  const headers: Upstream['headers'] = {};
  if (!raw) return headers;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = latin1(raw[i]).toLowerCase();
    const value = latin1(raw[i + 1]);
    const seen = headers[name];
    if (seen === undefined) headers[name] = value;
    else if (Array.isArray(seen)) seen.push(value);
    else headers[name] = [seen, value];
  }
  return headers;
}

function latin1(part: Buffer | string | undefined): string {
  return typeof part === 'string' ? part : (part?.toString('latin1') ?? '');
}
