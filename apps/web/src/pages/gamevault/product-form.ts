import type { TFunction } from 'i18next';
import type { paths } from '../../api/openapi';
import { cents } from '../../format';
import type { Product } from './parts';

type CreateBody = paths['/api/gamevault/products']['post']['requestBody']['content']['application/json'];
type PatchBody = paths['/api/gamevault/products/{id}']['patch']['requestBody']['content']['application/json'];

type Field = Required<CreateBody>;
/**
 * Every value the API's contract allows for `T`, in the order the pages show them. The web app
 * cannot import the services' contracts, so the lists are written here and checked against the
 * OpenAPI types: a value the contract does not have, or one it has and the list lacks, fails the build.
 */
const allOf =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([Exclude<T, L[number]>] extends [never] ? unknown : never)): L =>
    list;

export const CONSOLES = allOf<Field['console']>()(['ps5', 'ps4', 'xbox-series', 'xbox-one', 'switch', 'pc', 'retro']);
export const GENRES = allOf<Field['genre']>()([
  'action',
  'adventure',
  'rpg',
  'sports',
  'racing',
  'shooter',
  'strategy',
  'puzzle',
  'fighting',
]);
export const CONDITIONS = allOf<Field['condition']>()(['new', 'used']);
export const RARITIES = allOf<Field['rarity']>()(['common', 'uncommon', 'rare', 'collector']);
export const FORMATS = allOf<Field['format']>()(['physical', 'digital']);

/** The product form as typed (text fields; the price in soles). */
export interface ProductForm {
  title: string;
  description: string;
  keywords: string;
  console: (typeof CONSOLES)[number];
  genre: (typeof GENRES)[number];
  condition: (typeof CONDITIONS)[number];
  rarity: (typeof RARITIES)[number];
  format: (typeof FORMATS)[number];
  price: string;
  stock: string;
}
export type TextField = 'title' | 'description' | 'keywords' | 'price' | 'stock';

export const blankProduct = (): ProductForm => ({
  title: '',
  description: '',
  keywords: '',
  console: 'ps5',
  genre: 'action',
  condition: 'new',
  rarity: 'common',
  format: 'physical',
  price: '',
  stock: '1',
});

export function formOf(p: Product): ProductForm {
  return {
    title: p.title,
    description: p.description,
    keywords: p.keywords,
    console: p.console,
    genre: p.genre,
    condition: p.condition,
    rarity: p.rarity,
    format: p.format,
    price: (p.priceCents / 100).toFixed(2),
    stock: String(p.stock),
  };
}

const MAX_STOCK = 1_000_000;
const stockOf = (s: string) => (/^\d+$/.test(s.trim()) ? Number(s.trim()) : Number.NaN);

/**
 * The API's rules (CreateProductBody) checked before sending, by the API's field names
 * (`priceCents` for the price typed in soles); messages are keys of gamevault.selling.rules.
 */
export function brokenRules(f: ProductForm, t: TFunction): Record<string, string> {
  const out: Record<string, string> = {};
  const title = f.title.trim();
  if (title.length < 1 || title.length > 200) out.title = t('gamevault.selling.rules.title');
  if (f.description.trim().length > 5_000) out.description = t('gamevault.selling.rules.description');
  if (f.keywords.trim().length > 300) out.keywords = t('gamevault.selling.rules.keywords');
  if (cents(f.price) === undefined) out.priceCents = t('gamevault.selling.rules.price');
  const stock = stockOf(f.stock);
  if (!Number.isInteger(stock) || stock < 0 || stock > MAX_STOCK) out.stock = t('gamevault.selling.rules.stock');
  if (f.format === 'digital' && f.condition === 'used') out.condition = t('gamevault.selling.rules.digitalIsNew');
  return out;
}

/** A new product's body (checked by brokenRules first). */
export function createBody(f: ProductForm): CreateBody {
  return {
    title: f.title.trim(),
    description: f.description.trim(),
    keywords: f.keywords.trim(),
    console: f.console,
    genre: f.genre,
    condition: f.condition,
    rarity: f.rarity,
    format: f.format,
    priceCents: cents(f.price) ?? 0,
    stock: stockOf(f.stock),
  };
}

/** Only what changed (a PATCH must not reset what it does not name); empty when nothing did. */
export function patchBody(f: ProductForm, original: ProductForm): PatchBody {
  const next = createBody(f);
  const before = createBody(original);
  return Object.fromEntries(
    (Object.keys(next) as (keyof CreateBody)[]).filter((k) => next[k] !== before[k]).map((k) => [k, next[k]]),
  ) as PatchBody;
}
