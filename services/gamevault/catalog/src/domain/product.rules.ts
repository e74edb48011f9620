import type { AuthUser } from '@coordina/platform';
import type { CreateProductBody, ProductView } from '../contracts/products.dto';

/** A product as it is stored: the body with its seller settled. */
export type NewProduct = Omit<CreateProductBody, 'sellerId'> & { sellerId: string };

const ADMINS = ['gamevault_admin', 'platform_admin'];

/** Who sells and who may change a product. */
export class ProductRules {
  isAdmin(user: AuthUser): boolean {
    return user.roles.some((r) => ADMINS.includes(r));
  }

  /**
   * The seller of a new product: a seller is its own (naming another seller is refused with the
   * field), an admin names one. A `{ field, message }` when the body is not acceptable.
   */
  sellerOf(user: AuthUser, body: CreateProductBody): string | { field: string; message: string } {
    if (this.isAdmin(user)) return body.sellerId ?? { field: 'body.sellerId', message: 'an admin names the seller' };
    if (body.sellerId !== undefined && body.sellerId !== user.id)
      return { field: 'body.sellerId', message: 'a seller publishes only as themselves' };
    return user.id;
  }

  /** A seller changes only their own products; an admin any. */
  mayChange(user: AuthUser, product: Pick<ProductView, 'sellerId'>): boolean {
    return this.isAdmin(user) || product.sellerId === user.id;
  }
}
