import { type AuthUser, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import type { ProfileBody, ProfileView } from '../contracts/ads.dto';
import { ProfilesRepository } from '../db/profiles.repository';

/** The caller's targeting profile. */
@Injectable()
export class ProfilesService {
  readonly #profiles = new ProfilesRepository();

  constructor(@Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext) {}

  get(user: AuthUser): Promise<ProfileView> {
    return this.#profiles.get(this.ctx.db.db, user.id);
  }

  async put(user: AuthUser, body: ProfileBody): Promise<ProfileView> {
    await this.#profiles.put(this.ctx.db.db, user.id, body.interests, body.locale ?? null);
    return this.get(user);
  }
}
