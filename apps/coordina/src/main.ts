#!/usr/bin/env node
import { benchCommand } from './bench.command';
import { docsCommand } from './docs.command';
import { runCommand } from './run.command';
import { startCommand } from './start.command';
import { testCommand } from './test.command';
import { upCommand } from './up.command';

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
  if (!command) {
    process.stderr.write(`usage: coordina <${Object.keys(commands).join('|')}> [options]\n`);
    process.exit(2);
  }
  const code = await command(args);
  if (code >= 0) process.exit(code);
}

main().catch((err: unknown) => {
  process.stderr.write(`coordina: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
