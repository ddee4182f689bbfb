import { z } from 'zod';
import { ROLES } from '../model/vocab.ts';

/** The least length of a new password (SPEC.md S5); the server also refuses common passwords. */
export const MIN_PASSWORD_LENGTH = 10;

/** A password being set (own change, admin reset, new user): the length rule shared by forms and server. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `密码至少${MIN_PASSWORD_LENGTH}位`)
  .max(200, '密码最多200位');

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, '请输入用户名').max(60),
  password: z.string().min(1, '请输入密码').max(200),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

export const sessionUserSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  /** The org unit whose area the user sees: a community, a street or the district. */
  unitId: z.string(),
  teamId: z.string().nullable(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/** The token goes in `Authorization: Bearer …`; the server stores only its hash. */
export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: sessionUserSchema,
  /**
   * True after an admin reset: the user must choose a new password (POST /api/auth/password) before anything
   * else; until then every other API answers 403 `forbidden` with `details.mustChangePassword`.
   */
  mustChangePassword: z.boolean().optional(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** POST /api/auth/password: the user's own change. The current password is asked again (a borrowed phone). */
export const changePasswordRequestSchema = z.object({
  currentPassword: z.string().min(1, '请输入当前密码').max(200),
  newPassword: newPasswordSchema,
});
export type ChangePasswordRequest = z.infer<typeof changePasswordRequestSchema>;
