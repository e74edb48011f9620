import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../errors/app-error';
import { isApiPath } from '../http/security-headers';

/**
 * The browser app's page may run its own scripts and styles (hashed files under /assets),
 * call the API on the same origin, and nothing else; API answers keep the stricter policy of
 * installSecurityHeaders (decision 0025). Mantine sets CSS variables in a style element, hence
 * inline styles. Files that need the access token are fetched with it and shown from `blob:`
 * URLs (decision 0102), hence `blob:` for pictures and a `media-src` for sounds and videos.
 */
export const WEB_APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Paths of the process itself (health, metrics, API docs): never the app's page. */
function isProcessPath(url: string): boolean {
  return /^\/(health|metrics|docs)(\/|\?|$)/.test(url);
}

/** Hashed file names change with their content: caches may keep them for a year. */
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * Serves the web app built into `dir` (apps/web/dist) at `/`: its hashed assets from
 * `/assets/` with a long cache, precompressed (brotli or gzip by Accept-Encoding), and
 * index.html, never cached without revalidation, for `/` and every other GET that is not the
 * API's nor the process's own (the single-page app's deep links). A missing asset is a 404.
 * Returns false, serving nothing, when the app has not been built.
 */
export async function serveWebApp(app: FastifyInstance, dir: string): Promise<boolean> {
  if (!existsSync(join(dir, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root: join(dir, 'assets'),
    prefix: '/assets/',
    wildcard: true,
    index: false,
    preCompressed: true,
    cacheControl: false,
    setHeaders: (reply) => {
      reply.raw.setHeader('cache-control', ASSET_CACHE);
    },
  });
  const page = (reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', WEB_APP_CSP)
      .sendFile('index.html', dir, { cacheControl: false });
  app.get('/', (_req, reply) => page(reply));
  app.get('/*', (req, reply) => {
    // The API's unknown paths stay problem+json 404s (the gateway's hook answers them first), and
    // so do the process's own paths where this process does not serve them (a distributed
    // gateway's /metrics is on its metrics port only, decision 0025).
    if (isApiPath(req.url) || isProcessPath(req.url))
      throw new AppError('ROUTE_NOT_FOUND', `no route GET ${req.url.split('?')[0]}`);
    return page(reply);
  });
  return true;
}
