import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { Controller, Module, Res } from '@nestjs/common';
import { z } from 'zod';
import { SafeText } from '../src/contracts/common-schemas';
import { defineRoutes } from '../src/contracts/route-contract';
import { CurrentUser } from '../src/http/current-user.decorator';
import {
  CHECK_RESPONSES_ENV,
  Endpoint,
  Input,
  type InputOf,
  JsonBody,
  NoBody,
  type TextAnswer,
  textAnswer,
} from '../src/http/endpoint';
import { type ServiceManifest, serviceModule } from '../src/runtime/service-manifest';
import { startTestApp } from '../src/testing/start-test-app';
import type { TestApp } from '../src/testing/test-app';

const Note = z.object({ id: z.uuid(), title: z.string(), tags: z.array(z.string()) });

const notesRoutes = defineRoutes('notes', [
  {
    method: 'POST',
    path: '/api/notes/:id',
    auth: 'public',
    summary: 'Write a note',
    params: z.object({ id: z.uuid() }),
    query: z.object({ tags: z.coerce.number().int().min(0).max(3).default(1), broken: z.enum(['yes']).optional() }),
    body: z.object({ title: SafeText.min(1).max(50) }),
    response: Note,
    status: 202,
  },
  { method: 'DELETE', path: '/api/notes/:id', auth: 'public', summary: 'Forget a note', response: NoBody, status: 204 },
  {
    method: 'GET',
    path: '/api/notes',
    auth: 'public',
    summary: 'Every note, as JSON or CSV',
    query: z.object({ csv: z.enum(['yes']).optional() }),
    response: z.object({ items: z.array(Note) }),
  },
  {
    method: 'GET',
    path: '/api/notes/:id',
    auth: 'public',
    summary: 'One note, serialized already (as a cached page is)',
    params: z.object({ id: z.uuid() }),
    query: z.object({ broken: z.enum(['yes']).optional() }),
    response: Note,
  },
]);

@Controller()
class NotesController {
  @Endpoint(notesRoutes, 'POST /api/notes/:id')
  write(@Input() { params, query, body }: InputOf<typeof notesRoutes, 'POST /api/notes/:id'>) {
    const tags = Array.from({ length: query.tags }, (_, i) => `tag${i}`);
    // `broken=yes` answers a body the contract refuses (tags as a number): a handler bug.
    return { id: params.id, title: body.title, tags: query.broken ? (tags.length as unknown as string[]) : tags };
  }

  @Endpoint(notesRoutes, 'GET /api/notes/:id')
  read(@Input() { params, query }: InputOf<typeof notesRoutes, 'GET /api/notes/:id'>): JsonBody<z.input<typeof Note>> {
    // The text as a cache keeps it: a key order and spacing JSON.stringify would not produce.
    if (query.broken) return new JsonBody(`{"id": "${params.id}", "title": 7, "tags": []}`);
    return new JsonBody(`{"tags": [], "id": "${params.id}",   "title": "kept"}`);
  }

  @Endpoint(notesRoutes, 'DELETE /api/notes/:id')
  forget(@CurrentUser(true) _user: unknown): void {}

  @Endpoint(notesRoutes, 'GET /api/notes')
  list(
    @Input() { query }: InputOf<typeof notesRoutes, 'GET /api/notes'>,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ): { items: z.infer<typeof Note>[] } | TextAnswer {
    if (!query.csv) return { items: [] };
    reply.header('content-type', 'text/csv; charset=utf-8');
    return textAnswer('id,title\n');
  }
}

@Module({})
class NotesModule {}

const notesService: ServiceManifest = {
  name: 'notes',
  routes: notesRoutes,
  events: [],
  migrations: [],
  module: (ctx) => serviceModule(NotesModule, ctx, { controllers: [NotesController] }),
};

const ID = '6f1c1f6e-8a43-4f57-a0a8-0b9d8f1f7e01';

describe('@Endpoint: a handler bound to its route contract', () => {
  let app: TestApp;
  const checking = process.env[CHECK_RESPONSES_ENV];

  before(async () => {
    app = await startTestApp({ services: [notesService] });
  });
  afterEach(() => {
    process.env[CHECK_RESPONSES_ENV] = checking;
  });
  after(() => app?.close());

  it("serves the contract's method, path and status, and hands the handler the parsed input", async () => {
    const res = await app.fetch(`/api/notes/${ID}?tags=2`, { method: 'POST', json: { title: 'hello' } });
    assert.equal(res.status, 202);
    assert.deepEqual(res.body, { id: ID, title: 'hello', tags: ['tag0', 'tag1'] });
    const defaults = await app.fetch(`/api/notes/${ID}`, { method: 'POST', json: { title: 'hi' } });
    assert.deepEqual(defaults.body.tags, ['tag0'], 'the query schema default reached the handler');
    const gone = await app.fetch(`/api/notes/${ID}`, { method: 'DELETE' });
    assert.equal(gone.status, 204);
    assert.equal(gone.text, '');
  });

  it('answers 400 problem+json naming the field for bad params, query and body', async () => {
    const cases = [
      [`/api/notes/not-a-uuid`, { title: 'x' }, 'params.id'],
      [`/api/notes/${ID}?tags=9`, { title: 'x' }, 'query.tags'],
      [`/api/notes/${ID}`, { title: '' }, 'body.title'],
      [`/api/notes/${ID}`, { title: 'a\u0000b' }, 'body.title'],
      [`/api/notes/${ID}`, { title: '\ud800' }, 'body.title'],
    ] as const;
    for (const [path, json, field] of cases) {
      const res = await app.fetch(path, { method: 'POST', json });
      assert.equal(res.status, 400, `${path} ${JSON.stringify(json)}`);
      assert.match(res.headers.get('content-type') ?? '', /application\/problem\+json/);
      assert.equal(res.body.code, 'VALIDATION_FAILED');
      assert.equal(res.body.errors?.[0]?.field, field, `${path} ${JSON.stringify(json)}`);
    }
  });

  it('fails an answer its contract refuses when responses are checked, and lets it through otherwise', async () => {
    process.env[CHECK_RESPONSES_ENV] = '1';
    const checked = await app.fetch(`/api/notes/${ID}?broken=yes`, { method: 'POST', json: { title: 'x' } });
    assert.equal(checked.status, 500, 'a body the contract refuses is a failure under test');
    assert.equal(checked.body.code, 'INTERNAL');
    const fine = await app.fetch(`/api/notes/${ID}`, { method: 'POST', json: { title: 'x' } });
    assert.equal(fine.status, 202);
    const csv = await app.fetch('/api/notes?csv=yes');
    assert.equal(csv.status, 200, 'a text answer with its own content type is not checked as JSON');
    assert.equal(csv.text, 'id,title\n');
    process.env[CHECK_RESPONSES_ENV] = '0';
    const unchecked = await app.fetch(`/api/notes/${ID}?broken=yes`, { method: 'POST', json: { title: 'x' } });
    assert.equal(unchecked.status, 202, 'outside tests the answer is not parsed again');
  });

  it('sends a JsonBody as its text with the JSON content type, and checks it as the client reads it', async () => {
    process.env[CHECK_RESPONSES_ENV] = '0';
    const res = await app.fetch(`/api/notes/${ID}`);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal(res.text, `{"tags": [], "id": "${ID}",   "title": "kept"}`, 'sent as it is, not serialized again');
    assert.equal((await app.fetch(`/api/notes/${ID}?broken=yes`)).status, 200, 'not parsed outside tests');
    process.env[CHECK_RESPONSES_ENV] = '1';
    assert.equal((await app.fetch(`/api/notes/${ID}`)).status, 200);
    const checked = await app.fetch(`/api/notes/${ID}?broken=yes`);
    assert.equal(checked.status, 500, 'a text the contract refuses is a failure under test');
    assert.equal(checked.body.code, 'INTERNAL');
  });

  it('refuses a handler of a route with input whose first parameter is not @Input()', () => {
    assert.throws(() => {
      @Controller()
      class Wrong {
        @Endpoint(notesRoutes, 'POST /api/notes/:id')
        write(@CurrentUser() input: InputOf<typeof notesRoutes, 'POST /api/notes/:id'>) {
          return { id: input.params.id, title: 'x', tags: [] };
        }
      }
      return Wrong;
    }, /Wrong\.write \(POST \/api\/notes\/:id\): the first parameter must be @Input\(\)/);
  });
});
