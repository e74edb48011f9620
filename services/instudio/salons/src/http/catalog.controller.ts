import { type AuthUser, CurrentUser, zod } from '@coordina/platform';
import { Controller, Get, Query } from '@nestjs/common';
import type { CategoryList } from '../contracts/categories.dto';
import { type AdminSalonPage, AdminSalonQuery } from '../contracts/salon-search.dto';
import { SalonAdminService } from './salon-admin.service';
import { SalonsService } from './salons.service';

/** The category tree (public) and the admins' salon list. */
@Controller('api/instudio')
export class CatalogController {
  constructor(
    private readonly salons: SalonsService,
    private readonly admin: SalonAdminService,
  ) {}

  @Get('categories')
  categories(): CategoryList {
    return this.salons.categories();
  }

  @Get('admin/salons')
  list(@Query(zod(AdminSalonQuery)) query: AdminSalonQuery, @CurrentUser() user: AuthUser): Promise<AdminSalonPage> {
    return this.admin.list(user, query);
  }
}
