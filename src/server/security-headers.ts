import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response, pages and API alike (issue 10, SPEC.md S8):
 * - a Content-Security-Policy without inline script: the built index.html loads only files of this origin
 *   (checked by test/server/security-headers.test.ts against dist/index.html when it exists);
 * - `frame-ancestors 'none'` (no clickjacking), `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`;
 * - HSTS only on a request that arrived over TLS (directly, or per X-Forwarded-Proto from a trusted proxy): sent
 *   over plain HTTP it would be ignored by browsers and would pin a name the operator may still serve without TLS;
 * - `Cache-Control: no-store` on all of /api: personal data never lands in a browser or proxy cache.
 * Inline `style` attributes stay allowed ('unsafe-inline' in style-src): Preact sets computed sizes that way,
 * and styles cannot run code.
 */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(fastifyHelmet, {
    global: true,
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (req.protocol === 'https') {
      reply.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
    }
    if (req.url === '/api' || req.url.startsWith('/api/')) reply.header('Cache-Control', 'no-store');
    return payload;
  });
}
