import { SERVICE_CONTEXT, type ServiceContext, type Tx } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { AccesoSospechosoDetectado } from '../contracts/access.events';
import { SignInHistoryRepository } from '../db/sign-in-history.repository';
import type { TrustedDevice } from '../db/trusted-devices.repository';
import type { UserRecord } from '../db/user.record';
import { UsersRepository } from '../db/users.repository';
import { SecretCodec } from '../domain/secret.codec';
import type { ClientInfo } from './client.info';
import { recipientOf } from './recipient.mapper';

/** The device a sign-in came from: a remembered one (possibly remembered just now), or none. */
export interface SignInDevice {
  device?: TrustedDevice;
  /** The device was remembered in this very sign-in (so its id cannot be known yet). */
  fresh?: boolean;
}

/**
 * Remembers where an account signs in from and publishes `acceso-sospechoso.detectado` for a new
 * device (remembered device id, else a hash of the User-Agent) or a new country, except on
 * the account's first sign-in.
 */
@Injectable()
export class SignInRecorder {
  readonly #users = new UsersRepository();
  readonly #history = new SignInHistoryRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(SecretCodec) private readonly codec: SecretCodec,
  ) {}

  async record(tx: Tx, user: UserRecord, client: ClientInfo, from: SignInDevice): Promise<void> {
    const first = await this.#users.markFirstSignIn(tx, user.id);
    const uaKey = `ua:${this.codec.digest(client.userAgent ?? '')}`;
    const known = from.device && !from.fresh ? `device:${from.device.id}` : uaKey;
    const newDevice = await this.#history.addDevice(tx, user.id, known);
    if (from.device && from.fresh) await this.#history.addDevice(tx, user.id, `device:${from.device.id}`);
    const newCountry = client.country ? await this.#history.addCountry(tx, user.id, client.country) : false;
    if (first) return;
    const reasons: ('new_device' | 'new_country')[] = [];
    if (newDevice) reasons.push('new_device');
    if (newCountry) reasons.push('new_country');
    if (reasons.length === 0) return;
    await this.ctx.bus.publish(tx, AccesoSospechosoDetectado, {
      ...recipientOf(user),
      reasons,
      device: (from.device?.name ?? client.userAgent ?? 'unknown device').slice(0, 300),
      ...(client.country ? { country: client.country } : {}),
      ...(client.ip ? { ip: client.ip } : {}),
      at: new Date().toISOString(),
    });
  }
}
