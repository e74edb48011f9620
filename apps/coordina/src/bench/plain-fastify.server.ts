import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

/**
 * The yardstick of the service's cached read: a plain Fastify server (no hooks, no logger)
 * answering GET `path` with a JSON body read once from a file and serialized on every request,
 * as the service's route does. Run as a process of its own, like the service instance:
 * `node plain-fastify.server.js PORT PATH BODY_FILE`.
 */
async function main(): Promise<void> {
  const [port, path, bodyFile] = process.argv.slice(2);
  if (!port || !path || !bodyFile) throw new Error('usage: plain-fastify.server.js PORT PATH BODY_FILE');
  const body: unknown = JSON.parse(readFileSync(bodyFile, 'utf8'));
  const app = Fastify({ logger: false });
  app.get(path, async () => body);
  await app.listen({ port: Number(port), host: '127.0.0.1' });
  process.on('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

if (require.main === module) void main();
