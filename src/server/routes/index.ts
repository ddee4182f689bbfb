import type { FastifyInstance } from 'fastify';
import { adminRoutes } from './admin.ts';
import type { LoginThrottle } from '../auth/throttle.ts';
import { authRoutes } from './auth.ts';
import type { RouteOptions } from './guard.ts';
import { healthRoutes } from './health.ts';
import { orgRoutes } from './org.ts';
import { syncRoutes } from './sync.ts';
import { reportRoutes } from './reports.ts';
import { exportRoutes } from './export.ts';
import { adminImportRoutes } from './admin-import.ts';
import { recordRoutes } from './records.ts';
import { personRoutes } from './persons.ts';

/**
 * Every API route, one plugin per area. Owners of other areas (reports, import, export) add their line here:
 * a function `(app, { store }) => void` registering routes under its own `/api/<area>/` prefix.
 */
export function registerRoutes(
  app: FastifyInstance,
  opts: RouteOptions & { loginThrottle: LoginThrottle },
): void {
  healthRoutes(app);
  authRoutes(app, opts);
  orgRoutes(app, opts);
  syncRoutes(app, opts);
  adminRoutes(app, opts);
  reportRoutes(app, opts);
  exportRoutes(app, opts);
  adminImportRoutes(app, opts);
  recordRoutes(app, opts);
  personRoutes(app, opts);
}
