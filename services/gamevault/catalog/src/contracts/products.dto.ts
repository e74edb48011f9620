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

export const Conditions = ['new', 'used'] as const;
export const Condition = z.enum(Conditions);
export type Condition = z.infer<typeof Condition>;

export const Rarities = ['common', 'uncommon', 'rare', 'collector'] as const;
export const Rarity = z.enum(Rarities);
export type Rarity = z.infer<typeof Rarity>;

/** A digital product is a key delivered by logistics; a physical one is shipped. */
export const Format = z.enum(['digital', 'physical']);
export type Format = z.infer<typeof Format>;

/** Prices in PEN cents (S/ 1.00 = 100). */
const PriceCents = z.number().int().min(0).max(100_000_000);
const Title = SafeText.pipe(z.string().trim().min(1).max(200));

/** A product's picture: the resized image and its thumbnail, served by the catalog (WebP, EXIF stripped). */
export const ProductImage = z.object({
  id: z.uuid(),
  url: z.string(),
  thumbnailUrl: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});
export type ProductImage = z.infer<typeof ProductImage>;

export const ProductView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string(),
  /** Words a seller adds for search besides the title ("ocarina nintendo 64"). */
  keywords: z.string().default(''),
  console: Console,
  genre: Genre,
  condition: Condition,
  rarity: Rarity,
  format: Format,
  priceCents: z.number().int().nonnegative(),
  stock: z.number().int().nonnegative(),
  sellerId: z.uuid(),
  /** The average of the approved ratings (0 to 5; 0 with none) and how many there are. */
  ratingAvg: z.number().min(0).max(5).default(0),
  ratingCount: z.number().int().nonnegative().default(0),
  images: z.array(ProductImage).max(10).default([]),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
});
export type ProductView = z.infer<typeof ProductView>;

const Description = SafeText.pipe(z.string().trim().max(5_000));
const Keywords = SafeText.pipe(z.string().trim().max(300));

/** The fields a seller writes (no defaults here: a PATCH must not reset what it does not name). */
const ProductFields = z.object({
  title: Title,
  description: Description,
  keywords: Keywords,
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
  keywords: Keywords.default(''),
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

/** How a search is sorted; without one, by relevance when there is a text and newest first otherwise. */
export const ProductSorts = ['relevance', 'newest', 'price-asc', 'price-desc', 'rating'] as const;

/**
 * The public search: a text (title and keywords, typo tolerant), filters, sort and page.
 * `available=true` keeps products in stock, `false` the sold-out ones; `seller` keeps one
 * seller's products (their public listing and their own page, decision 0100).
 */
export const ProductSearchQuery = Pagination.extend({
  q: SafeText.pipe(z.string().trim().min(1).max(100)).optional(),
  console: Console.optional(),
  genre: Genre.optional(),
  condition: Condition.optional(),
  rarity: Rarity.optional(),
  available: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  minPrice: cents.optional(),
  maxPrice: cents.optional(),
  sort: z.enum(ProductSorts).optional(),
  seller: z.uuid().optional(),
}).refine((f) => f.minPrice === undefined || f.maxPrice === undefined || f.minPrice <= f.maxPrice, {
  message: 'minPrice must not exceed maxPrice',
  path: ['minPrice'],
});
export type ProductSearchQuery = z.infer<typeof ProductSearchQuery>;

const counts = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.record(z.enum(values), z.number().int().nonnegative());

/** How many products of the result have each value (every value listed, 0 included). */
export const ProductFacets = z.object({
  console: counts(Consoles),
  genre: counts(Genres),
  condition: counts(Conditions),
  rarity: counts(Rarities),
  available: counts(['true', 'false']),
});
export type ProductFacets = z.infer<typeof ProductFacets>;

export const ProductPage = z.object({
  items: z.array(ProductView),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  facets: ProductFacets,
});
export type ProductPage = z.infer<typeof ProductPage>;

/** Products like one: same console and genre first, then the same genre; in stock only. */
export const RelatedProducts = z.object({ items: z.array(ProductView) });
export type RelatedProducts = z.infer<typeof RelatedProducts>;
