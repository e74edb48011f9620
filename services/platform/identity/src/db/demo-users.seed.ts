import type { ServiceContext } from '@coordina/platform';
import { DemoUsers } from '../contracts/demo-users';
import { UserRegistered } from '../contracts/events';
import { PasswordHasher } from '../domain/password.hasher';
import { UsersRepository } from './users.repository';

/** Creates the demo accounts once (and announces them); existing ones are left as they are. */
export async function seedDemoUsers(ctx: ServiceContext): Promise<void> {
  const hasher = new PasswordHasher();
  const users = new UsersRepository();
  for (const demo of Object.values(DemoUsers)) {
    const passwordHash = await hasher.hash(ctx.config.demoPassword);
    await ctx.db.transaction(async (tx) => {
      const inserted = await users.insert(tx, { ...demo, roles: [...demo.roles], passwordHash });
      if (!inserted) return;
      await ctx.bus.publish(tx, UserRegistered, {
        userId: demo.id,
        email: demo.email,
        name: demo.name,
        roles: [...demo.roles],
        registeredAt: new Date().toISOString(),
      });
    });
  }
}
