import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { apiDocuments } from './api-docs';

/** `coordina docs`: writes docs/api/openapi.json, docs/api/asyncapi.json, docs/reference/events.md and errors.md. */
export async function docsCommand(): Promise<number> {
  const root = resolve(__dirname, '../../../..');
  const docs = apiDocuments();
  mkdirSync(join(root, 'docs/api'), { recursive: true });
  writeFileSync(join(root, 'docs/api/openapi.json'), docs.openapi);
  writeFileSync(join(root, 'docs/api/asyncapi.json'), docs.asyncapi);
  writeFileSync(join(root, 'docs/reference/events.md'), docs.events);
  writeFileSync(join(root, 'docs/reference/errors.md'), docs.errors);
  process.stdout.write(
    'wrote docs/api/openapi.json, docs/api/asyncapi.json, docs/reference/events.md, docs/reference/errors.md\n',
  );
  return 0;
}
