#!/usr/bin/env node
// First, before the modules it speeds up are loaded.
import './compile-cache';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const USAGE = `usage: coordina <command> [options]
  start [--port P] [--data-dir DIR] [--database-url URL] [--host H]   the whole product in one process (127.0.0.1 by default)
  up [--port P] [--data-dir DIR] [--demo]                             the distributed topology on this machine
  run <gateway|service> [--port P] [--host H]                         one process of the distributed topology
  test [files...]                                                     the test suite (starts what it needs)
  bench [--buyers N --seats N --bookings N --events N --seconds S]    side-by-side benchmarks
  docs                                                                regenerate the API and events reference
  screenshots [--out DIR] [--only NAME,...]                           PNGs of the main pages in docs/screenshots
  seed gamevault --products N [--database-url URL] [--data-dir DIR]  a generated GameVault catalog of N products (COPY)
`;

type Command = (args: string[]) => Promise<number>;

/**
 * Each command's module is loaded only when it runs: `npm start` does not load the test
 * runner, the benchmarks or the browser driver (a second or more of a warm start: decision 0112).
 */
const commands: Record<string, () => Command> = {
  start: () => (require('./start.command') as typeof import('./start.command')).startCommand,
  run: () => (require('./run.command') as typeof import('./run.command')).runCommand,
  up: () => (require('./up.command') as typeof import('./up.command')).upCommand,
  bench: () => (require('./bench.command') as typeof import('./bench.command')).benchCommand,
  docs: () => (require('./docs.command') as typeof import('./docs.command')).docsCommand,
  test: () => (require('./test.command') as typeof import('./test.command')).testCommand,
  screenshots: () => (require('./screenshots.command') as typeof import('./screenshots.command')).screenshotsCommand,
  seed: () => (require('./seed.command') as typeof import('./seed.command')).seedCommand,
};

/**
 * The project pins Node 24 (the `node` devDependency); `npm start`/`npm test` use it. Run by
 * an older system Node (`node apps/coordina/dist/src/main.js ...`), the CLI runs itself again
 * with the pinned one, so its children (services, test files) get it too.
 */
function reexecWithPinnedNode(): boolean {
  const major = Number(process.versions.node.split('.')[0]);
  const pinned = resolve(__dirname, '../../../../node_modules/node/bin/node');
  if (major >= 24 || process.env.COORDINA_PINNED_NODE || !existsSync(pinned)) return false;
  const child = spawn(pinned, process.argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, COORDINA_PINNED_NODE: '1' },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return true;
}

async function main(): Promise<void> {
  if (reexecWithPinnedNode()) return;
  const [name = 'start', ...args] = process.argv.slice(2);
  const command = commands[name];
  if (name === 'help' || name === '--help' || args.includes('--help') || args.includes('-h')) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  if (!command) {
    process.stderr.write(USAGE);
    process.exit(2);
  }
  // COORDINA_TRACING=otlp|memory traces the processes that serve (docs/decisions/0047-tracing.md).
  const tracing =
    name === 'start' || name === 'run'
      ? (require('@coordina/platform/runtime') as typeof import('@coordina/platform/runtime')).tracingFromEnv(
          name === 'run' ? (args[0] ?? name) : 'coordina',
        )
      : undefined;
  const code = await command()(args);
  // A serving command answers -1 and goes on: its tracing goes on with it.
  if (code < 0) return;
  await tracing?.shutdown();
  process.exit(code);
}

main().catch((err: unknown) => {
  // A mistyped option is the user's error, not a crash: say what was wrong and how to call.
  if ((err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`coordina: ${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  process.stderr.write(`coordina: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
