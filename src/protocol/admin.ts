import { z } from 'zod';
import { ROLES } from '../model/vocab.ts';
import { newPasswordSchema, sessionUserSchema } from './auth.ts';

/**
 * Admin API messages (`/api/admin/users`, `/api/admin/org`; district admin only). Shared by the server, the
 * admin CLI and the admin screen.
 */
export const USERNAME_RE = /^[A-Za-z0-9_.-]{2,40}$/;

export const createUserRequestSchema = z.object({
  username: z.string().trim().regex(USERNAME_RE, '用户名为2–40位字母、数字或 _ . -'),
  password: newPasswordSchema,
  role: z.enum(ROLES, '请选择角色'),
  /** A community, a street or the district, matching the role; for a team leader, the team's unit (optional). */
  unitId: z.string().min(1).max(40).optional(),
  teamId: z.string().min(1).max(60).nullable().optional(),
  displayName: z.string().trim().min(1).max(50).optional(),
});
export type CreateUserRequest = z.infer<typeof createUserRequestSchema>;

export const updateUserRequestSchema = z
  .object({
    displayName: z.string().trim().min(1).max(50),
    role: z.enum(ROLES),
    unitId: z.string().min(1).max(40),
    teamId: z.string().min(1).max(60).nullable(),
    /** An admin reset: the user must choose a new password at its next login. */
    password: newPasswordSchema,
    /** A disabled user cannot log in; its sessions end at once. */
    disabled: z.boolean(),
  })
  .partial()
  .strict();
export type UpdateUserRequest = z.infer<typeof updateUserRequestSchema>;

export const adminUserSchema = sessionUserSchema.extend({ disabled: z.boolean(), createdAt: z.string() });
export type AdminUser = z.infer<typeof adminUserSchema>;

/** `GET /api/admin/users`: every account, disabled ones included. */
export const usersResponseSchema = z.object({ users: z.array(adminUserSchema) });
export type UsersResponse = z.infer<typeof usersResponseSchema>;

export const ADMIN_USERS_PATH = '/api/admin/users';
