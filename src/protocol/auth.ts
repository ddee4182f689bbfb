import { z } from 'zod';
import { conflictRetentionError, visitTriggersError } from '../model/org.ts';
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

export const orgTreeSchema = z.object({
  units: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      level: z.enum(['district', 'street', 'community']),
      parentId: z.string().nullable(),
    }),
  ),
  teams: z.array(z.object({ id: z.string(), name: z.string(), unitId: z.string() })),
  /** Optional: trees without it (older servers, stored or cached trees) mean the default list (model/org.ts). */
  visitTriggers: z
    .array(z.string().trim())
    .superRefine((list, ctx) => {
      const why = visitTriggersError(list);
      if (why !== null) ctx.addIssue({ code: 'custom', message: why });
    })
    .optional(),
  /** Optional: absent means the default on read, and "keep the stored value" on a save (model/org.ts). */
  conflictRetentionDays: z
    .number()
    .superRefine((days, ctx) => {
      const why = conflictRetentionError(days);
      if (why !== null) ctx.addIssue({ code: 'custom', message: why });
    })
    .optional(),
});
