import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type { CategoryList } from '../contracts/categories.dto';
import type { AdminSalonPage } from '../contracts/salon-search.dto';
import { salonsRoutes } from '../contracts/salons.routes';
import { SalonAdminService } from './salon-admin.service';
import { SalonsService } from './salons.service';

/** The category tree (public) and the admins' salon list. */
@Controller()
export class CatalogController {
  constructor(
    private readonly salons: SalonsService,
    private readonly admin: SalonAdminService,
  ) {}

  @Endpoint(salonsRoutes, 'GET /api/instudio/categories')
  categories(): CategoryList {
    return this.salons.categories();
  }

  @Endpoint(salonsRoutes, 'GET /api/instudio/admin/salons')
  list(
    @Input() { query }: InputOf<typeof salonsRoutes, 'GET /api/instudio/admin/salons'>,
    @CurrentUser() user: AuthUser,
  ): Promise<AdminSalonPage> {
    return this.admin.list(user, query);
  }
}
