import { z } from 'zod';
import { type Subcategory, Subcategory as SubcategorySchema } from './salons.dto';

/** Top-level categories; every subcategory (a service's category) belongs to exactly one. */
export const Categories = ['beauty', 'spa'] as const;
export const Category = z.enum(Categories);
export type Category = z.infer<typeof Category>;

export const CategoryTree: Readonly<Record<Category, readonly Subcategory[]>> = {
  beauty: ['makeup', 'hair', 'waxing', 'nails', 'other'],
  spa: ['spa'],
};

export const CategoryView = z.object({
  id: Category,
  subcategories: z.array(SubcategorySchema),
});
export type CategoryView = z.infer<typeof CategoryView>;

export const CategoryList = z.object({ items: z.array(CategoryView) });
export type CategoryList = z.infer<typeof CategoryList>;
