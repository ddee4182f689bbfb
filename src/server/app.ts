import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { ProtocolError } from '../protocol/errors.ts';
import { MAX_BODY_BYTES } from '../protocol/push.ts';
import { errorHandler } from './errors.ts';
import { DEFAULT_LOGIN_THROTTLE, type LoginThrottle } from './auth/throttle.ts';
import { registerRoutes } from './routes/index.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import type { Store } from './storage/store.ts';

export interface AppOptions {
  readonly store: Store;
  /** The built PWA (`dist/`) to serve with SPA fallback; null or absent = API only. */
  readonly staticDir?: string | null;
  /** Fastify's logger: false (tests), true, or a level (`main.ts` logs warnings and 500s by default). */
  readonly logger?: boolean | { readonly level: string };
  readonly loginThrottle?: LoginThrottle;
  /**
   * Behind a reverse proxy: which X-Forwarded-For entries to believe (the login throttle and the audit key on
   * the address). A hop count or the proxies' addresses (server/trust-proxy.ts); never "trust everyone".
   */
  readonly trustProxy?: number | readonly string[];
}

/** Files a browser must revalidate on every load: the service worker and the shell that registers it. */
const NO_CACHE = /(?:^|[\\/])(?:sw\.js|index\.html|manifest\.webmanifest|registerSW\.js)$/;

/** A hop count as proxy-addr's "trust the first N hops" function; a list of proxy addresses as is. */
function trustProxyOption(
  t: AppOptions['trustProxy'],
): boolean | string[] | ((a: string, hop: number) => boolean) {
  if (t === undefined) return false;
  if (typeof t === 'number') return (_address, hop) => hop < t;
  return [...t];
}

/** Source maps are not built (vite.config.ts); should one land in dist/ anyway, it is not served. */
const SOURCE_MAP = /\.map$/;

/**
 * The HTTP server: the API under /api and the PWA on the same origin. Stateless (the login throttle counts in
 * the database): several instances may share one PostgreSQL database.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: trustProxyOption(opts.trustProxy),
  });
  app.setErrorHandler(errorHandler);
  await registerSecurityHeaders(app);
  registerRoutes(app, { store: opts.store, loginThrottle: opts.loginThrottle ?? DEFAULT_LOGIN_THROTTLE });

  const root = opts.staticDir ? resolve(opts.staticDir) : null;
  const spa = root !== null && existsSync(resolve(root, 'index.html'));
  if (root !== null && spa) {
    await app.register(fastifyStatic, {
      root,
      cacheControl: false,
      allowedPath: (path) => !SOURCE_MAP.test(path),
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
