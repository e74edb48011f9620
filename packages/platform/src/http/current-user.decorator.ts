import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from '../auth/roles';
import type { AuthProof } from '../auth/system-access';
import { AppError } from '../errors/app-error';

/** The caller, as the auth hook read it from a verified JWT. */
export interface AuthUser extends AuthProof {
  id: string;
  email: string;
  roles: Role[];
}

export function userOf(request: unknown): AuthUser | undefined {
  return (request as { user?: AuthUser }).user;
}

/** `@CurrentUser()` injects the signed-in user; routes declared `public` get 401 without one. */
export const CurrentUser = createParamDecorator((optional: boolean | undefined, ctx: ExecutionContext) => {
  const user = userOf(ctx.switchToHttp().getRequest());
  if (!user && !optional) throw new AppError('UNAUTHENTICATED');
  return user;
});

/** The raw request body as a string (webhook signatures need the exact bytes). */
export const RawBody = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const raw = (ctx.switchToHttp().getRequest() as { rawBody?: Buffer | string }).rawBody;
  return raw === undefined ? '' : raw.toString();
});
