import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureAptPackage } from './system-packages';

const ROOT = resolve(__dirname, '../../../..');
/** Pinned: a new release may rename options or add checks; move it on purpose. */
export const SCHEMATHESIS_VERSION = '4.32.5';
/** Pinned like schemathesis: the S3-compatible server chat-media's storage test runs against. */
export const MOTO_VERSION = '5.2.5';

/**
 * Finds the schemathesis CLI, installing it from PyPI (once) into a virtual environment beside
 * the Kafka jars; python3-venv comes from Debian's packages when the machine lacks it.
 */
export function ensureSchemathesis(): string {
  return ensurePythonTool(
    'schemathesis',
    SCHEMATHESIS_VERSION,
    `schemathesis==${SCHEMATHESIS_VERSION}`,
    'schemathesis',
  );
}

/** Finds moto's S3-compatible server (`moto_server`), installed from PyPI like schemathesis. */
export function ensureMotoServer(): string {
  return ensurePythonTool('moto', MOTO_VERSION, `moto[server]==${MOTO_VERSION}`, 'moto_server');
}

/** A PyPI package's command in its own virtual environment under `.tools/<name>-<version>`, installed once. */
function ensurePythonTool(name: string, version: string, requirement: string, command: string): string {
  const venv = join(ROOT, '.tools', `${name}-${version}`);
  const bin = join(venv, 'bin', command);
  if (existsSync(bin)) return bin;
  process.stdout.write(`coordina: installing ${name} ${version} from PyPI into ${venv} (once)...\n`);
  try {
    execFileSync('python3', ['-c', 'import venv, ensurepip'], { stdio: 'ignore' });
  } catch {
    ensureAptPackage('python3-venv');
  }
  execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
  execFileSync(join(venv, 'bin', 'pip'), ['install', '-q', '--disable-pip-version-check', requirement], {
    stdio: 'inherit',
  });
  if (!existsSync(bin)) throw new Error(`${command} still missing after installing ${requirement} into ${venv}`);
  return bin;
}
