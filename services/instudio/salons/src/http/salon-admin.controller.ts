import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type { SalonDetail, SalonServiceView, StylistView } from '../contracts/salons.dto';
import { salonsRoutes } from '../contracts/salons.routes';
import { SalonAdminService } from './salon-admin.service';

/** Admin writes; the route contract admits salon and platform admins, the service checks ownership. */
@Controller()
export class SalonAdminController {
  constructor(private readonly admin: SalonAdminService) {}

  @Endpoint(salonsRoutes, 'POST /api/instudio/salons')
  create(@Input() { body }: InputOf<typeof salonsRoutes, 'POST /api/instudio/salons'>): Promise<SalonDetail> {
    return this.admin.create(body);
  }

  @Endpoint(salonsRoutes, 'PATCH /api/instudio/salons/:id')
  update(
    @Input() { params, body }: InputOf<typeof salonsRoutes, 'PATCH /api/instudio/salons/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<SalonDetail> {
    return this.admin.update(user, params.id, body);
  }

  @Endpoint(salonsRoutes, 'POST /api/instudio/salons/:id/services')
  addService(
    @Input() { params, body }: InputOf<typeof salonsRoutes, 'POST /api/instudio/salons/:id/services'>,
    @CurrentUser() user: AuthUser,
  ): Promise<SalonServiceView> {
    return this.admin.addService(user, params.id, body);
  }

  @Endpoint(salonsRoutes, 'PATCH /api/instudio/salons/:id/services/:serviceId')
  updateService(
    @Input() { params, body }: InputOf<typeof salonsRoutes, 'PATCH /api/instudio/salons/:id/services/:serviceId'>,
    @CurrentUser() user: AuthUser,
  ): Promise<SalonServiceView> {
    return this.admin.updateService(user, params.id, params.serviceId, body);
  }

  @Endpoint(salonsRoutes, 'POST /api/instudio/salons/:id/stylists')
  addStylist(
    @Input() { params, body }: InputOf<typeof salonsRoutes, 'POST /api/instudio/salons/:id/stylists'>,
    @CurrentUser() user: AuthUser,
  ): Promise<StylistView> {
    return this.admin.addStylist(user, params.id, body);
  }

  @Endpoint(salonsRoutes, 'PUT /api/instudio/salons/:id/stylists/:stylistId/hours')
  putStylistHours(
    @Input() { params, body }: InputOf<typeof salonsRoutes, 'PUT /api/instudio/salons/:id/stylists/:stylistId/hours'>,
    @CurrentUser() user: AuthUser,
  ): Promise<SalonDetail> {
    return this.admin.putStylistHours(user, params.id, params.stylistId, body);
  }

  @Endpoint(salonsRoutes, 'PUT /api/instudio/salons/:id/hours')
  putHours(
    @Input() { params, body }: InputOf<typeof salonsRoutes, 'PUT /api/instudio/salons/:id/hours'>,
    @CurrentUser() user: AuthUser,
  ): Promise<SalonDetail> {
    return this.admin.putHours(user, params.id, body);
  }
}
