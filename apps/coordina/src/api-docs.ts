import { AlertaDisparada } from '@coordina/platform';
import { asyncApiDocument, errorCatalog, openApiDocument, opsRoutes } from '@coordina/platform/runtime';
import { allServices } from './services.registry';

/** The generated API documents, from the contracts of every service (kept in docs/api and docs/reference). */
export function apiDocuments(): { openapi: string; asyncapi: string; events: string; errors: string } {
  const openapi = openApiDocument([...allServices.map((s) => s.routes), opsRoutes]);
  const published = [
    ...allServices.flatMap((s) => s.events.map((contract) => ({ service: s.name, contract }))),
    { service: 'platform', contract: AlertaDisparada },
  ];
  const sockets = allServices.flatMap((s) => (s.sockets ?? []).map((endpoint) => ({ service: s.name, endpoint })));
  const asyncapi = asyncApiDocument(published, sockets);
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
    errors: errorsReference(),
  };
}

/** docs/reference/errors.md: every error code of the platform and the manifests, in registration order. */
function errorsReference(): string {
  const rows = [...errorCatalog(allServices).values()].map(
    (e) => `| \`${e.code}\` | ${e.status} | ${e.owners.join(', ')} | ${e.title} |`,
  );
  return [
    '# Error codes',
    '',
    'Every error answer is `application/problem+json` (RFC 9457) with these members: `type`,',
    '`title`, `status`, `code` (below), `detail`, `instance` (the path), `requestId`, and for',
    'validation failures `errors: [{field, message}]` where `field` is `body.x`, `query.x`, `params.x`',
    'or `headers.x`. A 500 (`INTERNAL`) is always a bug.',
    '',
    'The platform registers the codes its gateway and runtime raise and the generic ones every service',
    'may throw; each service registers its own in its manifest (`errorCodes`, decision 0035). A code',
    'means one status and one title whoever registers it, and the boot refuses two that differ.',
    "Generated from the platform's table and the manifests by `npm run docs`; a test fails when it drifts.",
    '',
    '| code | status | registered by | meaning |',
    '|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
