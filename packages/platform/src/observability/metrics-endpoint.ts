import { createServer, type Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { PlatformConfig } from '../runtime/platform-config';
import type { Metrics } from './metrics';

/**
 * Where Prometheus reads a process's metrics. With COORDINA_METRICS_PORT, on that port only (its
 * own listener, which the ingress or nginx never exposes: the chart's scrape annotations name
 * it). Without it the embedded default serves /metrics with its API (on loopback unless told
 * otherwise), and a distributed process does not serve them at all: its API port is public.
 */
export function installMetricsEndpoint(
  app: FastifyInstance,
  metrics: Metrics,
  config: Pick<PlatformConfig, 'mode' | 'host' | 'metricsPort'>,
): void {
  const { metricsPort } = config;
  if (metricsPort === undefined) {
    if (config.mode === 'embedded') {
      app.get('/metrics', async (_req, reply) =>
        reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics()),
      );
    }
    return;
  }
  let server: Server | undefined;
  app.addHook('onReady', async () => {
    const listening = createServer((req, res) => {
      if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(metricsPort, config.host, () => resolve());
    });
    server = listening;
  });
  app.addHook('onClose', async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
}
