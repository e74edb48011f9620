import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { AppError } from '../errors/app-error';

/**
 * Security headers on every answer, by helmet: nosniff, no framing, no referrer, a
 * Content-Security-Policy that lets the one HTML page (the self-contained docs page) use its
 * inline style and nothing else, and HSTS when clients reach the platform over TLS (its public
 * URL is https). API answers (tokens among them) are not stored by any cache unless a handler
 * says otherwise (an image a service serves may be).
 *
 * Helmet works the headers out once, at start-up: with these options (no nonces, no
 * per-request directives) they are the same for every answer, and @fastify/helmet rebuilt
 * them on every request, parsing the CSP directives each time (decision 0058).
 */
export async function installSecurityHeaders(app: FastifyInstance, options: { publicUrl: string }): Promise<void> {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (_req, reply, done) => {
    void reply.headers(headers);
    done();
  });
  app.addHook('onSend', (req, reply, payload, done) => {
    if (isApiPath(req.url) && !reply.hasHeader('cache-control')) void reply.header('cache-control', 'no-store');
    done(null, payload);
  });
}

/** The headers helmet sets with the platform's options, as one object (lower-case names). */
export function securityHeaders(options: { publicUrl: string }): Record<string, string> {
  const config: HelmetOptions = {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        styleSrc: ["'unsafe-inline'"],
        imgSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: options.publicUrl.startsWith('https:') ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  };
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(config)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return headers;
}

/** The largest multipart body an upload route (`upload: true` in its contract) is read with. */
export const UPLOAD_BODY_LIMIT = 10 * 1024 * 1024;

/** multipart/form-data as every HTTP host reads it: the bytes, for the upload route to parse. */
export function acceptUploads(app: FastifyInstance): void {
  app.addContentTypeParser(
    'multipart/form-data',
    { parseAs: 'buffer', bodyLimit: UPLOAD_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
}

/**
 * The API speaks JSON: a request body of another type (an HTML form's, text/plain) is refused
 * with 415 before it is parsed, however the framework could have parsed it. The one exception
 * is multipart/form-data for a route whose contract declares an upload (`takesUpload`).
 */
export function bodyTypeRefusal(req: FastifyRequest, takesUpload: () => boolean = () => false): AppError | undefined {
  const length = req.headers['content-length'];
  const hasBody = (length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody) return undefined;
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (type === 'application/json' || (type?.startsWith('application/') && type.endsWith('+json'))) return undefined;
  if (type === 'multipart/form-data' && takesUpload()) return undefined;
  return new AppError('UNSUPPORTED_MEDIA_TYPE', 'the request body must be application/json', {
    errors: [{ field: 'headers.content-type', message: 'must be application/json' }],
  });
}

/** Whether a URL is the API's (the gateway's policy applies), not the process's own pages. */
export function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}
