import { randomUUID } from 'node:crypto';
import { AccessTokens } from '@coordina/platform';
import type { TestApp } from '@coordina/platform/testing';

/** A platform admin's access token for the app (5 minutes). */
export function adminToken(app: TestApp): Promise<string> {
  return new AccessTokens(app.config.jwtSecret, 300).sign({
    id: randomUUID(),
    email: 'ops@example.test',
    roles: ['platform_admin'],
  });
}
