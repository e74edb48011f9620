import { Roles } from '@coordina/platform';
import { z } from 'zod';

const Email = z.email().max(254);

export const RegisterBody = z.object({
  email: Email,
  password: z.string().min(8, 'must be at least 8 characters').max(1024),
  name: z.string().trim().min(1).max(100),
});
export type RegisterBody = z.infer<typeof RegisterBody>;

export const LoginBody = z.object({
  email: Email,
  password: z.string().min(1).max(1024),
});
export type LoginBody = z.infer<typeof LoginBody>;

export const RefreshTokenBody = z.object({
  refreshToken: z.string().min(16).max(512),
});
export type RefreshTokenBody = z.infer<typeof RefreshTokenBody>;

export const UserView = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string(),
  roles: z.array(z.enum(Roles)),
});
export type UserView = z.infer<typeof UserView>;

export const TokenPair = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
});
export type TokenPair = z.infer<typeof TokenPair>;
