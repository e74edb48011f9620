// Builds the web app into dist/: the API types generated from the product's own OpenAPI
// (docs/api/openapi.json, so a contract change breaks this build), a strict type check, the
// Vite build (hashed file names), gzip and brotli copies for the gateway to serve, and the
// size budget: initial JavaScript per page under 200 KB gzipped, or the build fails.
// Skipped when none of its inputs changed since the last build (dist/.build-stamp).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '../..');
const DIST = join(HERE, 'dist');
const OPENAPI = join(ROOT, 'docs/api/openapi.json');
const BUDGET = 200 * 1024;
const BIN = join(ROOT, 'node_modules/.bin');

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

function inputsHash() {
  const hash = createHash('sha256');
  const inputs = [
    ...files(join(HERE, 'src')).filter((f) => !f.endsWith('openapi.d.ts')),
    ...['index.html', 'vite.config.ts', 'package.json', 'tsconfig.json', 'build.mjs'].map((f) => join(HERE, f)),
    OPENAPI,
    join(ROOT, 'package-lock.json'),
  ].sort();
  for (const f of inputs) hash.update(relative(ROOT, f)).update('\0').update(readFileSync(f));
  return hash.digest('hex');
}

function run(bin, args) {
  execFileSync(join(BIN, bin), args, { cwd: HERE, stdio: ['ignore', 'inherit', 'inherit'] });
}

/** Every JavaScript file a chunk loads before it runs (its static imports, transitively). */
function closure(manifest, key, seen = new Set()) {
  const chunk = manifest[key];
  if (!chunk || seen.has(chunk.file)) return seen;
  seen.add(chunk.file);
  for (const dep of chunk.imports ?? []) closure(manifest, dep, seen);
  return seen;
}

function checkBudget() {
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8'));
  const gz = new Map();
  const size = (file) => {
    if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length);
    return gz.get(file);
  };
  const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
  const pages = Object.keys(manifest).filter((k) => manifest[k].isDynamicEntry);
  const rows = [entry, ...pages].map((key) => {
    const js = new Set([...closure(manifest, entry), ...(key === entry ? [] : closure(manifest, key))]);
    const bytes = [...js].filter((f) => f.endsWith('.js')).reduce((sum, f) => sum + size(f), 0);
    return { page: key === entry ? '(shell)' : key.replace(/^src\//, ''), bytes };
  });
  const over = rows.filter((r) => r.bytes >= BUDGET);
  const widest = rows.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  process.stderr.write(
    `web: initial JavaScript per page, gzipped: at most ${(widest.bytes / 1024).toFixed(1)} KB (${widest.page}); budget ${BUDGET / 1024} KB\n`,
  );
  if (over.length > 0) {
    const list = over.map((r) => `${r.page} ${(r.bytes / 1024).toFixed(1)} KB`).join(', ');
    throw new Error(`web: initial JavaScript over the ${BUDGET / 1024} KB budget: ${list}`);
  }
}

function compress() {
  for (const file of files(DIST)) {
    if (!/\.(js|css|html|svg|json|txt)$/.test(file) || file.includes('/.vite/')) continue;
    const body = readFileSync(file);
    writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
    writeFileSync(
      `${file}.br`,
      brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      }),
    );
  }
}

function main() {
  const stampFile = join(DIST, '.build-stamp');
  const stamp = inputsHash();
  if (!process.argv.includes('--force') && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  process.stderr.write('web: building the web app (vite)...\n');
  run('openapi-typescript', [OPENAPI, '--output', join(HERE, 'src/api/openapi.d.ts'), '--silent']);
  run('tsc', ['-p', join(HERE, 'tsconfig.json')]);
  run('vite', ['build', '--logLevel', 'warn']);
  checkBudget();
  compress();
  writeFileSync(stampFile, stamp);
}

try {
  main();
} catch (err) {
  // The failing tool printed its own output; say which step failed, without a stack.
  process.stderr.write(`web: build failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}\n`);
  process.exit(1);
}
