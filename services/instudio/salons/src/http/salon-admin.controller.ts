import { type AuthUser, CurrentUser, IdParams, zod } from '@coordina/platform';
import { Body, Controller, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import {
  CreateSalonBody,
  CreateServiceBody,
  CreateStylistBody,
  PutHoursBody,
  type SalonDetail,
  type SalonServiceView,
  ServiceParams,
  type StylistView,
  UpdateSalonBody,
  UpdateServiceBody,
} from '../contracts/salons.dto';
import { SalonAdminService } from './salon-admin.service';

/** Admin writes; the route contract admits salon and platform admins, the service checks ownership. */
@Controller('api/instudio/salons')
export class SalonAdminController {
  constructor(private readonly admin: SalonAdminService) {}

  @Post()
  @HttpCode(201)
  create(@Body(zod(CreateSalonBody)) body: CreateSalonBody): Promise<SalonDetail> {
    return this.admin.create(body);
  }

  @Patch(':id')
  update(
    @Param(zod(IdParams)) p: { id: string },
    @Body(zod(UpdateSalonBody)) body: UpdateSalonBody,
    @CurrentUser() user: AuthUser,
  ): Promise<SalonDetail> {
    return this.admin.update(user, p.id, body);
  }

  @Post(':id/services')
  @HttpCode(201)
  addService(
    @Param(zod(IdParams)) p: { id: string },
    @Body(zod(CreateServiceBody)) body: CreateServiceBody,
    @CurrentUser() user: AuthUser,
  ): Promise<SalonServiceView> {
    return this.admin.addService(user, p.id, body);
  }

  @Patch(':id/services/:serviceId')
  updateService(
    @Param(zod(ServiceParams)) p: ServiceParams,
    @Body(zod(UpdateServiceBody)) body: UpdateServiceBody,
    @CurrentUser() user: AuthUser,
  ): Promise<SalonServiceView> {
    return this.admin.updateService(user, p.id, p.serviceId, body);
  }

  @Post(':id/stylists')
  @HttpCode(201)
  addStylist(
    @Param(zod(IdParams)) p: { id: string },
    @Body(zod(CreateStylistBody)) body: CreateStylistBody,
    @CurrentUser() user: AuthUser,
  ): Promise<StylistView> {
    return this.admin.addStylist(user, p.id, body);
  }

  @Put(':id/hours')
  putHours(
    @Param(zod(IdParams)) p: { id: string },
    @Body(zod(PutHoursBody)) body: PutHoursBody,
    @CurrentUser() user: AuthUser,
  ): Promise<SalonDetail> {
    return this.admin.putHours(user, p.id, body);
  }
}
