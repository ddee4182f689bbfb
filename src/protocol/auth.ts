import { z } from 'zod';
import { ROLES } from '../model/vocab.ts';

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
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;
