import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DemoUsers } from '@coordina/identity/demo';
import { DemoEvents } from '@coordina/musicfest-festivals/demo';
import { SALON } from './booking.scenarios';
import { embedded, type Product } from './harness';

/**
 * Schema-driven fuzzing with schemathesis against the OpenAPI document the embedded product
 * serves: both phases (coverage: boundary and invalid values of every parameter; fuzzing:
 * random valid and invalid requests), as a client and as a platform admin, with the checks
 * "not a server error" and "response schema conformance". Any failure fails the test with
 * schemathesis' own report (each failure comes with a curl line that reproduces it).
 *
 * The budget is bounded (examples per operation and seconds per run) and the seed fixed, so a
 * run is repeatable and CI stays well under its limit; COORDINA_FUZZ_EXAMPLES and
 * COORDINA_FUZZ_SECONDS raise it for a longer hunt by hand.
 */

const EXAMPLES = Number(process.env.COORDINA_FUZZ_EXAMPLES ?? 15);
const SECONDS = Number(process.env.COORDINA_FUZZ_SECONDS ?? 120);
const SEED = process.env.COORDINA_FUZZ_SEED ?? '20261203';

function schemathesis(): string {
  const bin = process.env.COORDINA_TEST_SCHEMATHESIS;
  assert.ok(bin, 'COORDINA_TEST_SCHEMATHESIS is not set: run the tests with `npm test`, which installs schemathesis');
  return bin;
}

/**
 * Reads of the seeded salon and event get their real ids, so their 200 answers (not only 404s)
 * are checked against the response schemas; everything else stays generated.
 */
const CONFIG = `
[[operations]]
include-name-regex = "^GET /api/instudio/salons/\\\\{id\\\\}"
parameters = { id = "${SALON}" }

[[operations]]
include-name-regex = "^GET /api/musicfest/events/\\\\{id\\\\}"
parameters = { id = "${DemoEvents.limaRockFest.id}" }
`;

function run(bin: string, args: string[]): Promise<{ code: number; output: string }> {
  const cwd = mkdtempSync(join(tmpdir(), 'coordina-fuzz-'));
  writeFileSync(join(cwd, 'schemathesis.toml'), CONFIG);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['--config-file', join(cwd, 'schemathesis.toml'), ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false', HYPOTHESIS_STORAGE_DIRECTORY: tmpdir() },
    });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, output }));
  });
}

describe('schema-driven fuzzing of the embedded product (schemathesis)', () => {
  let p: Product;
  before(async () => {
    // Thousands of requests from one address: the per-IP limit would answer most of them 429.
    p = await embedded({ perIpPerMinute: 1_000_000, perUserPerMinute: 1_000_000 });
  });
  after(() => p?.close());

  for (const [who, user] of [
    ['a client', DemoUsers.client],
    ['a platform admin', DemoUsers.platformAdmin],
  ] as const) {
    it(`finds no server error and no response off its schema, as ${who}`, async () => {
      const token = await p.mint(user.id, [...user.roles]);
      const { code, output } = await run(schemathesis(), [
        'run',
        `${p.url}/docs/openapi.json`,
        '--url',
        p.url,
        '--phases',
        'coverage,fuzzing',
        '--checks',
        'not_a_server_error,response_schema_conformance',
        '--max-examples',
        String(EXAMPLES),
        '--max-time',
        String(SECONDS),
        '--seed',
        SEED,
        // One worker: CPython 3.11's parser is not thread-safe under schemathesis' threads
        // ("AST constructor recursion depth mismatch" errors); two cores are shared anyway.
        '--workers',
        '1',
        '--request-timeout',
        '20',
        '--no-shrink',
        '--output-truncate',
        'false',
        '--header',
        `Authorization: Bearer ${token}`,
      ]);
      console.log(output);
      assert.equal(code, 0, `schemathesis found failures as ${who}:\n${output}`);
    });
  }
});
