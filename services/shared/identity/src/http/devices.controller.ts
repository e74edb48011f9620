import {
  AppError,
  type AuthUser,
  CurrentUser,
  IdParams,
  SERVICE_CONTEXT,
  type ServiceContext,
  zod,
} from '@coordina/platform';
import { Controller, Delete, Get, HttpCode, Inject, Param } from '@nestjs/common';
import type { DeviceList } from '../contracts/devices.dto';
import { TrustedDevicesRepository } from '../db/trusted-devices.repository';

/** The caller's remembered devices: listed, and forgotten one by one (their next login asks for the code). */
@Controller('api/identity/devices')
export class DevicesController {
  readonly #devices = new TrustedDevicesRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  @Get()
  async list(@CurrentUser() user: AuthUser): Promise<DeviceList> {
    return { items: await this.#devices.list(this.ctx.db.db, user.id) };
  }

  @Delete(':id')
  @HttpCode(204)
  async revoke(@Param(zod(IdParams)) params: { id: string }, @CurrentUser() user: AuthUser): Promise<void> {
    if (!(await this.#devices.revoke(this.ctx.db.db, user.id, params.id))) {
      throw new AppError('NOT_FOUND', 'no such remembered device');
    }
  }
}
