import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { allServices } from '../src/services.registry';

const ROOT = resolve(__dirname, '../../../..');

describe('deployment artifacts', () => {
  it('renders the Helm chart with a Deployment, Service and HPA per service and for the gateway', () => {
    const helm = process.env.COORDINA_TEST_HELM;
    assert.ok(helm, 'COORDINA_TEST_HELM is not set: run the tests with `npm test`, which installs helm');
    execFileSync(helm, ['lint', resolve(ROOT, 'deploy/helm/coordina')], { encoding: 'utf8' });
    const out = execFileSync(helm, ['template', 'rel', resolve(ROOT, 'deploy/helm/coordina')], { encoding: 'utf8' });
    for (const s of allServices) {
      assert.match(
        out,
        new RegExp(`kind: Deployment\\nmetadata:\\n  name: rel-${s.name}\\n`),
        `Deployment for ${s.name}`,
      );
      // Analytics writes one DuckDB file: a single replica with a volume, never autoscaled.
      const hpa = new RegExp(`kind: HorizontalPodAutoscaler\\nmetadata:\\n  name: rel-${s.name}\\n`);
      if (s.name === 'analytics') assert.doesNotMatch(out, hpa);
      else assert.match(out, hpa, `HPA for ${s.name}`);
      assert.match(out, new RegExp(`args: \\["run", "${s.name}", "--port", "8080"\\]`));
    }
    assert.match(out, /name: rel-gateway\n/);
    assert.match(out, /persistentVolumeClaim: \{ claimName: coordina-analytics \}/);
    assert.match(out, /readinessProbe:\n\s+httpGet: \{ path: \/health/);
    assert.match(out, /http_request_duration_seconds_p95/);
    assert.match(out, /histogram_quantile\(0\.95/);
    // Every setting of the ConfigMap reaches the pods (a key no pod reads is a silent no-op).
    const config = out.split('kind: ConfigMap')[1]?.split('\n---')[0] ?? '';
    const keys = [...config.matchAll(/^ {2}([A-Z_]+):/gm)].map((m) => m[1]);
    assert.ok(keys.includes('KAFKA_SESSION_TIMEOUT_MS'), config);
    for (const key of keys) assert.match(out, new RegExp(`key: ${key} \\}`), `${key} is passed to the pods`);
    // X-Forwarded-For is believed only from the ingress and the gateways (in-cluster addresses).
    assert.match(out, /COORDINA_TRUSTED_PROXIES: "loopback,uniquelocal"/);
    // Metrics on their own port (never behind the Service's http port), which the scrape annotations name.
    assert.match(out, /- name: COORDINA_METRICS_PORT\n\s+value: "9464"/);
    assert.doesNotMatch(out, /prometheus\.io\/port: "8080"/);
    assert.equal(out.match(/prometheus\.io\/port: "9464"/g)?.length, allServices.length + 1);
    assert.match(out, /- name: COORDINA_TRUSTED_PROXIES\n\s+valueFrom: \{ configMapKeyRef:/);
  });

  it('refuses a JWT secret shorter than 32 bytes', () => {
    const helm = process.env.COORDINA_TEST_HELM;
    assert.ok(helm, 'COORDINA_TEST_HELM is not set: run the tests with `npm test`, which installs helm');
    const render = (...set: string[]) =>
      execFileSync(
        helm,
        ['template', 'rel', resolve(ROOT, 'deploy/helm/coordina'), ...set.flatMap((s) => ['--set', s])],
        {
          encoding: 'utf8',
          stdio: 'pipe',
        },
      );
    for (const secret of ['change-me', 'x'.repeat(31)]) {
      assert.throws(
        () => render('createExampleSecrets=true', `jwtSecret=${secret}`),
        /jwtSecret is shorter than 32 bytes/,
        secret,
      );
    }
    assert.throws(() => render('createExampleSecrets=true'), /createExampleSecrets needs jwtSecret/);
    assert.match(render('createExampleSecrets=true', `jwtSecret=${'k'.repeat(32)}`), /JWT_SECRET: "k{32}"/);
  });

  it('lists in the chart exactly the services the CLI can run', () => {
    const values = readFileSync(resolve(ROOT, 'deploy/helm/coordina/values.yaml'), 'utf8');
    const block = values.split(/^services:$/m)[1]?.split('\n\n')[0] ?? '';
    const inChart = [...block.matchAll(/^ {2}([a-z0-9-]+):/gm)].map((m) => m[1]);
    const names = allServices.map((s) => s.name);
    const missing = names.filter((n) => !inChart.includes(n));
    assert.deepEqual(
      missing,
      [],
      `in apps/coordina/src/services.registry.ts but not deployed by the chart: add ${missing.map((n) => `\`${n}: {}\``).join(', ')} under \`services:\` in deploy/helm/coordina/values.yaml`,
    );
    const unknown = inChart.filter((n) => !names.includes(n));
    assert.deepEqual(
      unknown,
      [],
      `under \`services:\` in deploy/helm/coordina/values.yaml but not in services.registry.ts (the CLI cannot run them): ${unknown.join(', ')}`,
    );
  });

  it('builds one image whose entrypoint is the CLI used by coordina up', () => {
    const docker = readFileSync(resolve(ROOT, 'deploy/Dockerfile'), 'utf8');
    assert.match(docker, /ENTRYPOINT \["node", "apps\/coordina\/dist\/src\/main.js"\]/);
    assert.match(docker, /npm install --no-audit --no-fund && npm run -s build:ts/);
  });
});
