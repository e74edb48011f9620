import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = resolve(__dirname, '../../../..');
const SKIP = new Set(['node_modules', 'dist', '.git', '.coordina']);

/** Every Markdown file of the repository (README, docs, services' and bench notes...). */
function markdownFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (SKIP.has(e.name)) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return markdownFiles(path);
    return e.name.endsWith('.md') ? [path] : [];
  });
}

/** The targets of inline links `[text](target "title")` and reference definitions `[id]: target`. */
function linkTargets(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '');
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^)]*["'])?\s*\)/g)].map((m) => m[1] as string);
  const defined = [...text.matchAll(/^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1] as string);
  return [...inline, ...defined];
}

/** Why a link of `file` leaves the repository or points nowhere, or undefined when it is fine. */
function badLink(file: string, target: string, root = ROOT): string | undefined {
  if (target.startsWith('#')) return undefined;
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
    if (/^mailto:/i.test(target)) return undefined;
    if (!/^https?:/i.test(target)) return 'not a web or repository link';
    // Our own files are linked by relative path, which works in any clone and on any host.
    if (/^https?:\/\/(www\.)?(github\.com|raw\.githubusercontent\.com)\/[^/]+\/coordina\b/i.test(target))
      return 'an absolute URL to this repository (link the file by its relative path)';
    return undefined;
  }
  const path = decodeURIComponent(target.split('#')[0] as string);
  if (isAbsolute(path)) return 'an absolute path';
  const resolved = resolve(dirname(file), path);
  const inside = relative(root, resolved);
  if (inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) return 'outside the repository';
  if (!existsSync(resolved)) return 'no such file';
  return undefined;
}

describe('links in the documentation', () => {
  it('stay inside the repository and point at files that exist', () => {
    const files = markdownFiles();
    assert.ok(files.includes(join(ROOT, 'README.md')) && files.some((f) => f.includes(`${sep}docs${sep}`)));
    const bad = files.flatMap((file) =>
      linkTargets(readFileSync(file, 'utf8')).flatMap((target) => {
        const why = badLink(file, target);
        return why ? [`${relative(ROOT, file)}: ${target} (${why})`] : [];
      }),
    );
    assert.deepEqual(bad, []);
  });

  it('recognises the links that leave the repository', () => {
    const doc = join(ROOT, 'docs', 'principles.md');
    const targets = linkTargets(
      'See [a](../../shared/ARCHITECTURE.md), [b](decisions/), [c](https://github.com/acme/coordina/blob/main/README.md "t"), [d](/etc/hosts) and [e](https://nodejs.org).\n\n[ref]: ../../outside.md\n```md\n[code](../../ignored.md)\n```',
    );
    assert.deepEqual(targets, [
      '../../shared/ARCHITECTURE.md',
      'decisions/',
      'https://github.com/acme/coordina/blob/main/README.md',
      '/etc/hosts',
      'https://nodejs.org',
      '../../outside.md',
    ]);
    assert.deepEqual(
      targets.map((t) => badLink(doc, t)),
      [
        'outside the repository',
        undefined,
        'an absolute URL to this repository (link the file by its relative path)',
        'an absolute path',
        undefined,
        'outside the repository',
      ],
    );
  });
});
