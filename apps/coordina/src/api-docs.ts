import { AlertaDisparada } from '@coordina/platform';
import { asyncApiDocument, openApiDocument, opsRoutes } from '@coordina/platform/runtime';
import { allServices } from './services.registry';

/** The generated API documents, from the contracts of every service (kept in docs/api). */
export function apiDocuments(): { openapi: string; asyncapi: string; events: string } {
  const openapi = openApiDocument([...allServices.map((s) => s.routes), opsRoutes]);
  const published = [
    ...allServices.flatMap((s) => s.events.map((contract) => ({ service: s.name, contract }))),
    { service: 'platform', contract: AlertaDisparada },
  ];
  const asyncapi = asyncApiDocument(published);
  const rows = published
    .map((e) => `| \`${e.contract.topic}\` | v${e.contract.version} | ${e.service} | ${e.contract.description ?? ''} |`)
    .sort();
  const events = [
    '# Events',
    '',
    "Generated from the services' contracts by `npm run docs`; a test fails when it drifts.",
    'Every event is a CloudEvents 1.0 envelope whose `subject` is the ordering key; the schemas are',
    'in [../api/asyncapi.json](../api/asyncapi.json).',
    '',
    '| topic | version | producer | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
  return {
    openapi: `${JSON.stringify(openapi, null, 2)}\n`,
    asyncapi: `${JSON.stringify(asyncapi, null, 2)}\n`,
    events,
  };
}
