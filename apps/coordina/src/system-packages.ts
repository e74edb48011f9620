import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BINARIES: Record<string, { path: string[]; pkg: string }> = {
  'redis-server': { path: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'], pkg: 'redis-server' },
  nginx: { path: ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'], pkg: 'nginx-light' },
};

/** Finds a server binary, installing its Debian package when missing (as root). */
export function ensureBinary(name: keyof typeof BINARIES): string {
  const spec = BINARIES[name];
  if (!spec) throw new Error(`unknown binary ${name}`);
  const found = spec.path.find((p) => existsSync(p));
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error(`${name} is missing; install the ${spec.pkg} package`);
  process.stdout.write(`coordina: installing ${spec.pkg} with apt-get...\n`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', spec.pkg], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  const installed = spec.path.find((p) => existsSync(p));
  if (!installed) throw new Error(`${name} still missing after installing ${spec.pkg}`);
  return installed;
}

/** Finds helm, building it from the Go module proxy when missing (go install). */
export function ensureHelm(): string {
  const gopath = execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim();
  const candidates = ['/usr/local/bin/helm', '/usr/bin/helm', `${gopath}/bin/helm`];
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  process.stdout.write('coordina: building helm from the Go module proxy (once)...\n');
  execFileSync('go', ['install', 'helm.sh/helm/v3/cmd/helm@v3.16.4'], {
    stdio: 'inherit',
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  return `${gopath}/bin/helm`;
}
