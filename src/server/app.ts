import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { ProtocolError } from '../protocol/errors.ts';
import { ARCHIVE_EVERY_MS, scheduleConflictArchive } from './archive-schedule.ts';
import { MAX_BODY_BYTES } from '../protocol/push.ts';
import { trackConnections } from './connections.ts';
import { errorHandler } from './errors.ts';
import { DEFAULT_LOGIN_THROTTLE, type LoginThrottle } from './auth/throttle.ts';
import { PokeHub, type PokeHubOptions } from './pokes/hub.ts';
import { LocalNotifier, type ChangeNotifier } from './pokes/notifier.ts';
import { watchStore } from './pokes/watch-store.ts';
import { eventRoutes } from './routes/events.ts';
import { acceptGzipBodies } from './request-encoding.ts';
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
  /**
   * How often resolved conflicts past the retention are archived (SPEC.md P15): once at start, then every so
   * many ms (default hourly); null = never (tests that run it themselves). Stopped on close.
   */
  readonly archiveEveryMs?: number | null;
  /**
   * Where committed changes are announced to the poke streams (SPEC.md C16): a PgNotifier when several processes
   * share one PostgreSQL database; by default in-process. The app does not close it.
   */
  readonly notifier?: ChangeNotifier;
  readonly pokes?: PokeHubOptions;
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
 * The HTTP server: the API under /api and the PWA on the same origin. Stateless apart from the open poke
 * streams (pokes/hub.ts; the login throttle counts in the database): several instances may share one
 * PostgreSQL database, passing change notices through `opts.notifier`.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: trustProxyOption(opts.trustProxy),
  });
  app.setErrorHandler(errorHandler);
  acceptGzipBodies(app);
  await registerSecurityHeaders(app);
  const notifier = opts.notifier ?? new LocalNotifier();
  const store = watchStore(opts.store, notifier);
  const hub = new PokeHub(opts.store, notifier, opts.pokes);
  // Important: before the server stops accepting, end the poke streams — an open stream is a request in flight
  // that would otherwise hold `close()` until the client leaves — and drop the connections nobody waits on.
  const connections = trackConnections(app.server);
  app.addHook('preClose', (done) => {
    hub.close();
    connections.closeQuiet();
    done();
  });
  registerRoutes(app, { store, loginThrottle: opts.loginThrottle ?? DEFAULT_LOGIN_THROTTLE });
  eventRoutes(app, { store, hub });
  if (opts.archiveEveryMs !== null) {
    // Through the watched store: archiving writes tombstones, and the devices of the area are poked for them.
    const archive = scheduleConflictArchive(store, app.log, opts.archiveEveryMs ?? ARCHIVE_EVERY_MS);
    app.addHook('onClose', () => archive.stop());
  }

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
