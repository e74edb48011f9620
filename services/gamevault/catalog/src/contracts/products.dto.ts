import { Pagination, SafeText } from '@coordina/platform';
import { z } from 'zod';

/** The consoles (platforms) a product runs on. */
export const Consoles = ['ps5', 'ps4', 'xbox-series', 'xbox-one', 'switch', 'pc', 'retro'] as const;
export const Console = z.enum(Consoles);
export type Console = z.infer<typeof Console>;

export const Genres = [
  'action',
  'adventure',
  'rpg',
  'sports',
  'racing',
  'shooter',
  'strategy',
  'puzzle',
  'fighting',
] as const;
export const Genre = z.enum(Genres);
export type Genre = z.infer<typeof Genre>;

export const Condition = z.enum(['new', 'used']);
export type Condition = z.infer<typeof Condition>;

export const Rarity = z.enum(['common', 'uncommon', 'rare', 'collector']);
export type Rarity = z.infer<typeof Rarity>;

/** A digital product is a key delivered by logistics; a physical one is shipped. */
export const Format = z.enum(['digital', 'physical']);
export type Format = z.infer<typeof Format>;

/** Prices in PEN cents (S/ 1.00 = 100). */
const PriceCents = z.number().int().min(0).max(100_000_000);
const Title = SafeText.pipe(z.string().trim().min(1).max(200));

export const ProductView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  console: Console,
  genre: Genre,
  condition: Condition,
  rarity: Rarity,
  format: Format,
  priceCents: z.number().int().nonnegative(),
  stock: z.number().int().nonnegative(),
  sellerId: z.uuid(),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  /** The average of the community's approved reviews (null before the first), and how many. */
  rating: z.number().min(1).max(5).nullable().default(null),
  ratingCount: z.number().int().nonnegative().default(0),
});
export type ProductView = z.infer<typeof ProductView>;

const Description = SafeText.pipe(z.string().trim().max(5_000));

/** The fields a seller writes (no defaults here: a PATCH must not reset what it does not name). */
const ProductFields = z.object({
  title: Title,
  description: Description,
  console: Console,
  genre: Genre,
  condition: Condition,
  rarity: Rarity,
  format: Format,
  priceCents: PriceCents,
  stock: z.number().int().min(0).max(1_000_000),
});

/** A digital key is never used: a digital product is `new`. */
const digitalIsNew = (p: { format?: Format; condition?: Condition }) =>
  !(p.format === 'digital' && p.condition === 'used');
const DIGITAL_IS_NEW = { message: 'a digital product is always new', path: ['condition'] };

/**
 * A new product. A seller sells as themselves; an admin names the seller (`sellerId`,
 * required for an admin, refused from a seller naming someone else).
 */
export const CreateProductBody = ProductFields.extend({
  description: Description.default(''),
  rarity: Rarity.default('common'),
  sellerId: z.uuid().optional(),
}).refine(digitalIsNew, DIGITAL_IS_NEW);
export type CreateProductBody = z.infer<typeof CreateProductBody>;

/** A partial change; at least one field. The seller of a product does not change. */
export const UpdateProductBody = ProductFields.partial()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change', path: ['title'] })
  .refine(digitalIsNew, DIGITAL_IS_NEW);
export type UpdateProductBody = z.infer<typeof UpdateProductBody>;

const cents = z.coerce.number().int().min(0).max(100_000_000);

/** The public list: filters, text search by title, pages. Newest first unless sorted by price. */
export const ProductSearchQuery = Pagination.extend({
  q: SafeText.pipe(z.string().trim().min(1).max(100)).optional(),
  console: Console.optional(),
  genre: Genre.optional(),
  condition: Condition.optional(),
  minPrice: cents.optional(),
  maxPrice: cents.optional(),
  sort: z.enum(['newest', 'price-asc', 'price-desc']).default('newest'),
}).refine((f) => f.minPrice === undefined || f.maxPrice === undefined || f.minPrice <= f.maxPrice, {
  message: 'minPrice must not exceed maxPrice',
  path: ['minPrice'],
});
export type ProductSearchQuery = z.infer<typeof ProductSearchQuery>;

export const ProductPage = z.object({
  items: z.array(ProductView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
});
export type ProductPage = z.infer<typeof ProductPage>;
