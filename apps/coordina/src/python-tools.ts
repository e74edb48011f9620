import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ensureAptPackage } from './system-packages';

const ROOT = resolve(__dirname, '../../../..');
/** Pinned: a new release may rename options or add checks; move it on purpose. */
export const SCHEMATHESIS_VERSION = '4.32.5';
const VENV = join(ROOT, '.tools', `schemathesis-${SCHEMATHESIS_VERSION}`);

/**
 * Finds the schemathesis CLI, installing it from PyPI (once) into a virtual environment beside
 * the Kafka jars; python3-venv comes from Debian's packages when the machine lacks it.
 */
export function ensureSchemathesis(): string {
  const bin = join(VENV, 'bin', 'schemathesis');
  if (existsSync(bin)) return bin;
  process.stdout.write(`coordina: installing schemathesis ${SCHEMATHESIS_VERSION} from PyPI into ${VENV} (once)...\n`);
  try {
    execFileSync('python3', ['-c', 'import venv, ensurepip'], { stdio: 'ignore' });
  } catch {
    ensureAptPackage('python3-venv');
  }
  execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  execFileSync(
    join(VENV, 'bin', 'pip'),
    ['install', '-q', '--disable-pip-version-check', `schemathesis==${SCHEMATHESIS_VERSION}`],
    {
      stdio: 'inherit',
    },
  );
  if (!existsSync(bin)) throw new Error(`schemathesis still missing after installing it into ${VENV}`);
  return bin;
}
