#!/usr/bin/env node
import { benchCommand } from './bench.command';
import { docsCommand } from './docs.command';
import { runCommand } from './run.command';
import { startCommand } from './start.command';
import { testCommand } from './test.command';
import { upCommand } from './up.command';

const USAGE = `usage: coordina <command> [options]
  start [--port P] [--data-dir DIR] [--database-url URL] [--host H]   the whole product in one process
  up [--port P] [--data-dir DIR] [--demo]                             the distributed topology on this machine
  run <gateway|service> [--port P] [--host H]                         one process of the distributed topology
  test [files...]                                                     the test suite (starts what it needs)
  bench [--buyers N --seats N --bookings N --events N --seconds S]    side-by-side benchmarks
  docs                                                                regenerate the API and events reference
`;

const commands: Record<string, (args: string[]) => Promise<number>> = {
  start: startCommand,
  run: runCommand,
  up: upCommand,
  bench: benchCommand,
  docs: docsCommand,
  test: testCommand,
};

async function main(): Promise<void> {
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
  const code = await command(args);
  if (code >= 0) process.exit(code);
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
