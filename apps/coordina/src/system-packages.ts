import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

const BINARIES: Record<string, { path: string[]; pkg: string }> = {
  'redis-server': { path: ['/usr/bin/redis-server', '/usr/local/bin/redis-server'], pkg: 'redis-server' },
  nginx: { path: ['/usr/sbin/nginx', '/usr/bin/nginx', '/usr/local/sbin/nginx'], pkg: 'nginx-light' },
  // The browser tests' browser (playwright-core drives it; it never downloads one of its own).
  chromium: { path: ['/usr/bin/chromium', '/usr/bin/chromium-browser'], pkg: 'chromium' },
  // chat-media transcodes videos and sounds with it (decision 0083).
  ffmpeg: { path: ['/usr/bin/ffmpeg', '/usr/local/bin/ffmpeg'], pkg: 'ffmpeg' },
};

/** Finds a server binary, installing its Debian package when missing (as root). */
export function ensureBinary(name: keyof typeof BINARIES): string {
  const spec = BINARIES[name];
  if (!spec) throw new Error(`unknown binary ${name}`);
  const found = spec.path.find((p) => existsSync(p));
  if (found) return found;
  ensureAptPackage(spec.pkg, `${name} is missing`);
  const installed = spec.path.find((p) => existsSync(p));
  if (!installed) throw new Error(`${name} still missing after installing ${spec.pkg}`);
  return installed;
}

/** Installs a Debian package with apt-get (as root); `why` says what needed it when that is not possible. */
export function ensureAptPackage(pkg: string, why = `${pkg} is needed`): void {
  if (process.getuid?.() !== 0) throw new Error(`${why}; install the ${pkg} package`);
  process.stdout.write(`coordina: installing ${pkg} with apt-get...\n`);
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/**
 * Finds helm: on PATH, in the usual places, or where `go install` put it; builds it from the
 * Go module proxy only when it is nowhere (so Go is needed only then).
 */
export function ensureHelm(): string {
  const home = process.env.HOME ?? '/root';
  const onPath = (process.env.PATH ?? '').split(delimiter).map((d) => join(d, 'helm'));
  const gopath = process.env.GOPATH ?? join(home, 'go');
  const candidates = [...onPath, '/usr/local/bin/helm', '/usr/bin/helm', join(gopath, 'bin/helm')];
  const found = candidates.find((p) => existsSync(p));
  if (found) return found;
  let goBin: string;
  try {
    goBin = join(execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8' }).trim(), 'bin');
  } catch {
    throw new Error('helm is missing and Go is not installed to build it: install helm (v3) or Go');
  }
  const built = join(goBin, 'helm');
  if (existsSync(built)) return built;
  process.stdout.write('coordina: building helm from the Go module proxy (once)...\n');
  execFileSync('go', ['install', 'helm.sh/helm/v3/cmd/helm@v3.16.4'], {
    stdio: 'inherit',
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  return built;
}
