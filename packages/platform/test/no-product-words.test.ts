import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';

/**
 * The platform knows no product (decision 0035): packages/platform/src names none of the
 * systems built on it nor their domain's nouns; those live in the services' manifests and
 * contracts. Matched case-insensitively anywhere in a word (`bookingSaga`, `SOLD_OUT`), in code
 * and comments alike. The list holds each system's name and the nouns only its domain uses, in
 * English and in the Spanish of the event topics; words every system may mean (event, payment,
 * order, user, slot, seat, hold, manager) are not on it.
 */
export const PRODUCT_WORDS: readonly RegExp[] = [
  // The systems.
  /instudio/i,
  /musicfest/i,
  /gamevault/i,
  /chat/i,
  // InStudio's domain: salons, their stylists, bookings (reservas).
  /salon/i,
  /stylist/i,
  /booking/i,
  /reserva(?!tion|ble)/i,
  // MusicFest's domain: festivals, concerts, venues, tickets (entradas, boletos), purchases (compras), waitlists.
  /festival/i,
  /concert/i,
  /venue/i,
  /ticket/i,
  /entradas?\b/i,
  /boleto/i,
  /purchase/i,
  /compra/i,
  /waitlist/i,
  /sold_?out/i,
];

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

it('keeps every product and domain word out of packages/platform/src', () => {
  const src = join(__dirname, '../../src');
  const found: string[] = [];
  const all = files(src);
  assert.ok(all.length > 20, `scanned ${all.length} files of ${src}`);
  for (const file of all) {
    const name = relative(src, file);
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        for (const word of PRODUCT_WORDS) {
          if (!word.test(line)) continue;
          found.push(`${name}:${i + 1}: ${word.source}: ${line.trim()}`);
        }
      });
  }
  assert.deepEqual(found, []);
});
