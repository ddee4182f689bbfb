import { z } from 'zod';
import { conflictRetentionError, LEVELS, visitTriggersError } from '../model/org.ts';

/**
 * The org tree on the wire: `GET /api/org` (every signed-in user, for the forms' community and team lists),
 * `GET` / `PUT /api/admin/org` (district admin). The server checks a tree's consistency beyond this shape
 * (src/server/admin/org.ts); the device caches the accepted tree under META.org.
 */
export const orgTreeSchema = z.object({
  units: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      level: z.enum(LEVELS),
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

export const ORG_PATH = '/api/org';
export const ADMIN_ORG_PATH = '/api/admin/org';
