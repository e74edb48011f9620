import { Categories, type Category, CategoryTree, type CategoryView } from '../contracts/categories.dto';
import type { Subcategory } from '../contracts/salons.dto';

/** The category tree and how a search's `category` names subcategories. */
export class CategoryRules {
  list(): CategoryView[] {
    return Categories.map((id) => ({ id, subcategories: [...CategoryTree[id]] }));
  }

  /** A top-level category stands for its subcategories; a subcategory (the older form) for itself. */
  subcategoriesOf(category: Category | Subcategory): Subcategory[] {
    return (Categories as readonly string[]).includes(category)
      ? [...CategoryTree[category as Category]]
      : [category as Subcategory];
  }
}
