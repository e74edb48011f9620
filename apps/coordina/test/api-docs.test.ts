import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { it } from 'node:test';
import { apiDocuments } from '../src/api-docs';

const ROOT = resolve(__dirname, '../../../..');

it('keeps the committed OpenAPI, AsyncAPI, events and errors references in step with the contracts (run `npm run docs`)', () => {
  const docs = apiDocuments();
  assert.equal(
    readFileSync(resolve(ROOT, 'docs/api/openapi.json'), 'utf8'),
    docs.openapi,
    'docs/api/openapi.json drifted',
  );
  assert.equal(
    readFileSync(resolve(ROOT, 'docs/api/asyncapi.json'), 'utf8'),
    docs.asyncapi,
    'docs/api/asyncapi.json drifted',
  );
  assert.equal(
    readFileSync(resolve(ROOT, 'docs/reference/events.md'), 'utf8'),
    docs.events,
    'docs/reference/events.md drifted',
  );
  assert.equal(
    readFileSync(resolve(ROOT, 'docs/reference/errors.md'), 'utf8'),
    docs.errors,
    'docs/reference/errors.md drifted',
  );
  const paths = Object.keys(JSON.parse(docs.openapi).paths);
  assert.ok(paths.includes('/api/instudio/bookings/{id}/review'));
  assert.ok(docs.events.includes('`reserva.creada`'));
});
