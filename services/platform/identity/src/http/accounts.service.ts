import { randomUUID } from 'node:crypto';
import { AppError, SERVICE_CONTEXT, type ServiceContext } from '@coordina/platform';
import { Inject, Injectable } from '@nestjs/common';
import { UserRegistered } from '../contracts/events';
import type { RegisterBody, UserView } from '../contracts/identity.dto';
import type { UserRecord } from '../db/user.record';
import { UsersRepository } from '../db/users.repository';
import { PasswordHasher } from '../domain/password.hasher';

export function toUserView(u: UserRecord): UserView {
  return { id: u.id, email: u.email, name: u.name, roles: u.roles };
}

/** Registration and account reads. */
@Injectable()
export class AccountsService {
  readonly #users = new UsersRepository();

  constructor(
    @Inject(SERVICE_CONTEXT) private readonly ctx: ServiceContext,
    @Inject(PasswordHasher) private readonly hasher: PasswordHasher,
  ) {}

  /** Creates a client account and announces it, in one transaction; a taken email is a 409. */
  async register(body: RegisterBody): Promise<UserView> {
    const user: UserRecord = {
      id: randomUUID(),
      email: body.email.trim(),
      name: body.name,
      passwordHash: await this.hasher.hash(body.password),
      roles: ['client'],
    };
    const created = await this.create(user);
    if (!created) throw new AppError('EMAIL_TAKEN', `${user.email} is already registered`);
    return toUserView(user);
  }

  /** Inserts and publishes `user.registered`; false when the email (or id) already exists. */
  async create(user: UserRecord): Promise<boolean> {
    return this.ctx.db.transaction(async (tx) => {
      if (!(await this.#users.insert(tx, user))) return false;
      await this.ctx.bus.publish(tx, UserRegistered, {
        userId: user.id,
        email: user.email,
        name: user.name,
        roles: user.roles,
        registeredAt: new Date().toISOString(),
      });
      return true;
    });
  }

  async me(userId: string): Promise<UserView> {
    const user = await this.#users.findById(this.ctx.db.db, userId);
    if (!user) throw new AppError('NOT_FOUND', 'account not found');
    return toUserView(user);
  }
}
