import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { mailText, SHOTS } from '../src/screenshots.command';

const ROOT = join(__dirname, '../../../..');

describe('coordina screenshots', () => {
  it('reads the emailed code out of a quoted-printable or a base64 part, not out of the headers', () => {
    const qp = [
      'Date: Fri, 04 Dec 2026 123456 +0000',
      'Subject: Tu =?UTF-8?Q?c=C3=B3digo?= de acceso',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Hola Ana, tu c=C3=B3digo para iniciar sesi=C3=B3n es 4827=',
      '19. Vence pronto.',
    ].join('\r\n');
    assert.match(mailText(qp), /código para iniciar sesión es 482719\./);
    assert.doesNotMatch(mailText(qp), /123456/);
    const b64 = [
      'Message-ID: <654321@coordina>',
      'Subject: Tu código de acceso',
      'Content-Type: multipart/alternative; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('tu código es 907112.').toString('base64'),
      '--b--',
    ].join('\r\n');
    assert.deepEqual(/\b(\d{6})\b/.exec(mailText(b64))?.[1], '907112');
  });

  it('takes each page once, and the README shows the desktop shot of every page', () => {
    const names = SHOTS.map((s) => s.name);
    assert.equal(new Set(names).size, names.length, 'page names are unique (they name the files)');
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const name of names) {
      assert.ok(readme.includes(`docs/screenshots/${name}-desktop.png`), `README links ${name}`);
      for (const screen of ['desktop', 'phone']) {
        assert.ok(
          existsSync(join(ROOT, `docs/screenshots/${name}-${screen}.png`)),
          `${name}-${screen}.png is committed`,
        );
      }
    }
  });
});
