import type { ServiceContext } from '@coordina/platform';
import type { System } from '../contracts/access.events';
import { UserRegistered } from '../contracts/events';
import { DemoUsers } from '../demo/demo-users';
import { PasswordHasher } from '../domain/password.hasher';
import { UsersRepository } from './users.repository';

/** Creates the demo accounts once, email already verified (and announces them); existing ones are left as they are. */
export async function seedDemoUsers(ctx: ServiceContext): Promise<void> {
  const hasher = new PasswordHasher();
  const users = new UsersRepository();
  for (const demo of Object.values(DemoUsers) as (typeof DemoUsers)[keyof typeof DemoUsers][]) {
    // Hashing is the seed's cost (scrypt): an account that exists is not hashed for again. The
    // insert below still skips one created meanwhile (ON CONFLICT), so this read is only a shortcut.
    if (await users.findById(ctx.db.db, demo.id)) continue;
    const passwordHash = await hasher.hash(ctx.config.demoPassword);
    const system: System = 'system' in demo ? demo.system : 'instudio';
    await ctx.db.transaction(async (tx) => {
      const user = {
        ...demo,
        roles: [...demo.roles],
        passwordHash,
        system,
        locale: 'es' as const,
        emailVerified: true,
      };
      if (!(await users.insert(tx, user))) return;
      await ctx.bus.publish(tx, UserRegistered, {
        userId: demo.id,
        email: demo.email,
        name: demo.name,
        roles: [...demo.roles],
        registeredAt: new Date().toISOString(),
        locale: 'es',
        system,
      });
    });
  }
}
