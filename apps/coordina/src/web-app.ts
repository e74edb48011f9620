import { resolve } from 'node:path';

/**
 * Where `npm run build` puts the browser app (apps/web/dist), which the gateway serves at `/`
 * on both topologies; COORDINA_WEB_DIR points elsewhere (an image that ships it apart).
 */
export function webAppDir(): string {
  return process.env.COORDINA_WEB_DIR ?? resolve(__dirname, '../../../web/dist');
}
