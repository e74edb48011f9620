import { DemoUsers } from '@coordina/identity/demo';
import type { Console, CreateProductBody, Genre } from '../contracts/products.dto';

export interface DemoProduct {
  id: string;
  product: Required<Omit<CreateProductBody, 'sellerId'>> & { sellerId: string };
}

/** Title, console, genre, format, condition, rarity, price (PEN cents), stock. */
type Row = [
  string,
  Console,
  Genre,
  'digital' | 'physical',
  'new' | 'used',
  DemoProduct['product']['rarity'],
  number,
  number,
];

const rows: Row[] = [
  ['The Legend of Zelda: Tears of the Kingdom', 'switch', 'adventure', 'physical', 'new', 'common', 27_900, 12],
  ['The Legend of Zelda: Ocarina of Time', 'retro', 'adventure', 'physical', 'used', 'collector', 45_000, 1],
  ['Super Mario Odyssey', 'switch', 'adventure', 'physical', 'used', 'common', 15_900, 4],
  ['Super Mario Bros. Wonder', 'switch', 'adventure', 'digital', 'new', 'common', 24_900, 500],
  ['Mario Kart 8 Deluxe', 'switch', 'racing', 'physical', 'new', 'common', 23_900, 20],
  ['Metroid Dread', 'switch', 'action', 'physical', 'used', 'uncommon', 13_900, 3],
  ['Fire Emblem: Three Houses', 'switch', 'strategy', 'physical', 'new', 'uncommon', 19_900, 6],
  ['God of War Ragnarök', 'ps5', 'action', 'physical', 'new', 'common', 26_900, 15],
  ['God of War Ragnarök', 'ps5', 'action', 'digital', 'new', 'common', 23_900, 500],
  ["Marvel's Spider-Man 2", 'ps5', 'action', 'physical', 'new', 'common', 27_900, 10],
  ['Gran Turismo 7', 'ps5', 'racing', 'physical', 'used', 'common', 14_900, 5],
  ['Final Fantasy XVI', 'ps5', 'rpg', 'physical', 'new', 'common', 22_900, 8],
  ['Final Fantasy VII Rebirth', 'ps5', 'rpg', 'digital', 'new', 'common', 29_900, 500],
  ['Elden Ring', 'ps5', 'rpg', 'physical', 'used', 'common', 16_900, 7],
  ['Elden Ring', 'xbox-series', 'rpg', 'digital', 'new', 'common', 21_900, 500],
  ['Bloodborne', 'ps4', 'rpg', 'physical', 'used', 'uncommon', 8_900, 4],
  ['The Last of Us Part II', 'ps4', 'action', 'physical', 'used', 'common', 7_900, 9],
  ['Persona 5 Royal', 'ps4', 'rpg', 'physical', 'new', 'uncommon', 17_900, 5],
  ['Street Fighter 6', 'ps5', 'fighting', 'physical', 'new', 'common', 19_900, 11],
  ['Tekken 8', 'ps5', 'fighting', 'digital', 'new', 'common', 24_900, 500],
  ['Mortal Kombat 1', 'xbox-series', 'fighting', 'physical', 'used', 'common', 11_900, 3],
  ['Halo Infinite', 'xbox-series', 'shooter', 'physical', 'new', 'common', 12_900, 14],
  ['Forza Horizon 5', 'xbox-series', 'racing', 'digital', 'new', 'common', 19_900, 500],
  ['Starfield', 'xbox-series', 'rpg', 'physical', 'new', 'common', 21_900, 6],
  ['Gears 5', 'xbox-one', 'shooter', 'physical', 'used', 'common', 4_900, 8],
  ['Halo 3 Limited Edition', 'xbox-one', 'shooter', 'physical', 'used', 'rare', 32_000, 1],
  ['EA Sports FC 24', 'ps5', 'sports', 'physical', 'new', 'common', 18_900, 25],
  ['EA Sports FC 24', 'xbox-series', 'sports', 'digital', 'new', 'common', 18_900, 500],
  ['NBA 2K24', 'ps4', 'sports', 'physical', 'used', 'common', 6_900, 6],
  ['Counter-Strike 2 Prime', 'pc', 'shooter', 'digital', 'new', 'common', 4_900, 500],
  ["Baldur's Gate 3", 'pc', 'rpg', 'digital', 'new', 'common', 19_900, 500],
  ['Civilization VI', 'pc', 'strategy', 'digital', 'new', 'common', 5_900, 500],
  ['Age of Empires IV', 'pc', 'strategy', 'digital', 'new', 'common', 12_900, 500],
  ['Portal 2', 'pc', 'puzzle', 'digital', 'new', 'common', 2_900, 500],
  ['Tetris Effect: Connected', 'switch', 'puzzle', 'digital', 'new', 'common', 11_900, 500],
  ['Chrono Trigger (SNES, cartucho)', 'retro', 'rpg', 'physical', 'used', 'collector', 68_000, 1],
  ['Street Fighter II Turbo (SNES)', 'retro', 'fighting', 'physical', 'used', 'rare', 21_000, 2],
  ['Sonic the Hedgehog 2 (Mega Drive)', 'retro', 'action', 'physical', 'used', 'uncommon', 9_500, 3],
];

/** Words buyers search by besides the title: the console's maker. */
const keywords: Record<Console, string> = {
  ps5: 'playstation sony',
  ps4: 'playstation sony',
  'xbox-series': 'microsoft',
  'xbox-one': 'microsoft',
  switch: 'nintendo',
  pc: 'steam windows',
  retro: 'retro clasico',
};

const id = (n: number) => `70000000-0000-4000-8000-${String(n + 1).padStart(12, '0')}`;

/**
 * The demo catalog the embedded default seeds, sold by the demo seller. Fixed ids, so the seed
 * is idempotent and tests can name them (`demoProducts[0].id`).
 */
export const demoProducts: readonly DemoProduct[] = rows.map(
  ([title, console, genre, format, condition, rarity, priceCents, stock], n) => ({
    id: id(n),
    product: {
      title,
      description: `${title}, ${format === 'digital' ? 'clave digital' : condition === 'new' ? 'sellado' : 'usado, probado'}.`,
      keywords: keywords[console],
      console,
      genre,
      condition,
      rarity,
      format,
      priceCents,
      stock,
      sellerId: DemoUsers.seller.id,
    },
  }),
);
