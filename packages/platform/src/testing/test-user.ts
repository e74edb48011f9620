import { randomUUID } from 'node:crypto';
import { AccessTokens } from '../auth/access-token';
import type { Role } from '../auth/roles';
import { type AuthProof, MINTED_SIGN_IN } from '../auth/system-access';
import type { TestApp } from './test-app';

/**
 * A synthetic user and an access token signed with the test app's key (decision 0010). Its
 * sign-in meets every system's access policy unless `proof` says otherwise (decision 0026).
 */
export async function testUser(
  app: TestApp,
  roles: Role[],
  id: string = randomUUID(),
  proof: AuthProof = MINTED_SIGN_IN,
): Promise<{ id: string; token: string }> {
  const token = await new AccessTokens(app.config.jwtSecret, 3600).sign({
    id,
    email: `${id.slice(0, 8)}@example.test`,
    roles,
    ...proof,
  });
  return { id, token };
}
