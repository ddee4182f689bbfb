import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { ProtocolError } from '../protocol/errors.ts';
import { MAX_BODY_BYTES } from '../protocol/push.ts';
import { errorHandler } from './errors.ts';
import { DEFAULT_LOGIN_RATE_LIMIT, type LoginRateLimit } from './routes/auth.ts';
import { acceptGzipBodies } from './request-encoding.ts';
import { registerRoutes } from './routes/index.ts';
import type { Store } from './storage/store.ts';

export interface AppOptions {
  readonly store: Store;
  /** The built PWA (`dist/`) to serve with SPA fallback; null or absent = API only. */
  readonly staticDir?: string | null;
  /** Fastify's logger: false (tests), true, or a level (`main.ts` logs warnings and 500s by default). */
  readonly logger?: boolean | { readonly level: string };
  readonly loginRateLimit?: LoginRateLimit;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (the login rate limit keys on it). */
  readonly trustProxy?: boolean;
}

/** Files a browser must revalidate on every load: the service worker and the shell that registers it. */
const NO_CACHE = /(?:^|[\\/])(?:sw\.js|index\.html|manifest\.webmanifest|registerSW\.js)$/;

/**
 * The HTTP server: the API under /api and the PWA on the same origin. Stateless apart from the in-memory login
 * rate limit (routes/auth.ts): several instances may share one PostgreSQL database.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: opts.trustProxy ?? false,
  });
  app.setErrorHandler(errorHandler);
  acceptGzipBodies(app);
  await app.register(fastifyRateLimit, { global: false, hook: 'preHandler' });
  registerRoutes(app, { store: opts.store, loginRateLimit: opts.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT });

  const root = opts.staticDir ? resolve(opts.staticDir) : null;
  const spa = root !== null && existsSync(resolve(root, 'index.html'));
  if (root !== null && spa) {
    await app.register(fastifyStatic, {
      root,
      cacheControl: false,
      setHeaders: (res, path) => {
        if (NO_CACHE.test(path)) res.header('Cache-Control', 'no-cache');
        else if (/[\\/]assets[\\/]/.test(path))
          res.header('Cache-Control', 'public, max-age=31536000, immutable');
      },
    });
  }

  app.setNotFoundHandler((req, reply) => {
    const isApi = req.url === '/api' || req.url.startsWith('/api/');
    const navigation =
      (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html');
    // SPA fallback: any page navigation outside /api gets the app shell, which routes on the client.
    if (spa && !isApi && navigation) {
      return reply.header('Cache-Control', 'no-cache').type('text/html').sendFile('index.html');
    }
    throw new ProtocolError('not_found', '未找到', { method: req.method, url: req.url.slice(0, 200) });
  });
  return app;
}
