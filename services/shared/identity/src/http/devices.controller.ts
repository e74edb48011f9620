import {
  AppError,
  type AuthUser,
  CurrentUser,
  Endpoint,
  Input,
  type InputOf,
  SERVICE_CONTEXT,
  type ServiceContext,
} from '@coordina/platform';
import { Controller, Inject } from '@nestjs/common';
import type { DeviceList } from '../contracts/devices.dto';
import { identityRoutes } from '../contracts/identity.routes';
import { TrustedDevicesRepository } from '../db/trusted-devices.repository';

/** The caller's remembered devices: listed, and forgotten one by one (their next login asks for the code). */
@Controller()
export class DevicesController {
  readonly #devices = new TrustedDevicesRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  @Endpoint(identityRoutes, 'GET /api/identity/devices')
  async list(@CurrentUser() user: AuthUser): Promise<DeviceList> {
    return { items: await this.#devices.list(this.ctx.db.db, user.id) };
  }

  @Endpoint(identityRoutes, 'DELETE /api/identity/devices/:id')
  async revoke(
    @Input() { params }: InputOf<typeof identityRoutes, 'DELETE /api/identity/devices/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<void> {
    if (!(await this.#devices.revoke(this.ctx.db.db, user.id, params.id))) {
      throw new AppError('NOT_FOUND', 'no such remembered device');
    }
  }
}
