import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { AlertaDisparada } from '@coordina/platform';
import { allServices } from '../src/services.registry';

const ROOT = resolve(__dirname, '../../../..');

/**
 * Topic names follow one convention (docs/new-service.md): `<aggregate>.<past participle>` for
 * facts, an infinitive for commands, Spanish words in ASCII, one dot between the two parts and
 * hyphens inside a part; the contract's identifier is the topic in PascalCase.
 */
const TOPIC = /^[a-z]+(-[a-z]+)*\.[a-z]+(-[a-z]+)*$/;
/** A regular Spanish participle (-ado, -ido, ...) or infinitive (-ar, -er, -ir) ends the topic. */
const VERB = /([ai]d[oa]s?|[aei]r)$/;
/** Names the seeds give, kept as they give them. */
const SEED_NAMES = new Set(['reserva.creada', 'user.registered', 'salones.actualizaciones']);

interface Contract {
  topic: string;
  version: number;
}

const pascal = (topic: string) =>
  topic
    .split(/[.-]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');

/** Every event contract a service exports from its `contracts` entry, by exported name. */
function exportedContracts(): Map<string, Contract> {
  const out = new Map<string, Contract>([['AlertaDisparada', AlertaDisparada]]);
  for (const system of readdirSync(join(ROOT, 'services'))) {
    for (const service of readdirSync(join(ROOT, 'services', system))) {
      const pkg = join(ROOT, 'services', system, service, 'package.json');
      if (!existsSync(pkg)) continue;
      const { name, exports } = JSON.parse(readFileSync(pkg, 'utf8')) as { name: string; exports?: object };
      if (!exports || !('./contracts' in exports)) continue;
      for (const [id, value] of Object.entries(require(`${name}/contracts`) as Record<string, unknown>)) {
        const v = value as (Partial<Contract> & { schema?: unknown }) | undefined;
        if (v && typeof v.topic === 'string' && v.schema && typeof v.version === 'number')
          out.set(id, { topic: v.topic, version: v.version });
      }
    }
  }
  return out;
}

describe('topic names', () => {
  const contracts = exportedContracts();
  const published = new Set(allServices.flatMap((s) => s.events.map((e) => e.topic)));

  it('follow the convention, with identifiers that match them', () => {
    const wrong: string[] = [];
    for (const [id, c] of contracts) {
      if (!SEED_NAMES.has(c.topic) && !(TOPIC.test(c.topic) && VERB.test(c.topic)))
        wrong.push(`${c.topic}: not <aggregate>.<participle or infinitive>`);
      if (id !== pascal(c.topic)) wrong.push(`${c.topic}: exported as ${id}, not ${pascal(c.topic)}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('cover every published topic', () => {
    const exported = new Set([...contracts.values()].map((c) => c.topic));
    assert.deepEqual(
      [...published].filter((t) => !exported.has(t)),
      [],
      'a published topic without an exported contract',
    );
    assert.ok(published.has('user.registered') && published.has('reserva.creada'), 'the seeds’ names are kept');
  });
});
