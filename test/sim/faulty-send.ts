import type { FastifyInstance } from 'fastify';
import { NetworkError } from '../../src/sync/errors.ts';
import type { Send } from '../../src/sync/transport.ts';
import type { Rng } from './rng.ts';

/** Fault probabilities per request. */
export interface FaultRates {
  readonly dropRequest: number;
  readonly dropResponse: number;
  readonly duplicate: number;
  readonly delay: number;
  readonly error500Before: number;
  readonly error500After: number;
}

export const NO_FAULTS: FaultRates = {
  dropRequest: 0,
  dropResponse: 0,
  duplicate: 0,
  delay: 0,
  error500Before: 0,
  error500After: 0,
};

export interface Network {
  /** The current app (it changes when the server restarts). */
  app(): FastifyInstance;
  faults: FaultRates;
  /** Copies of requests held back and delivered later, out of order (duplicates + reordering). */
  readonly delayed: (() => Promise<void>)[];
  counts: Record<string, number>;
}

const ERROR_500 = JSON.stringify({ error: { reason: 'internal', message: 'simulated 500' } });

async function ticks(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * A device's wire to the real server through `app.inject`, with seeded faults: the request lost, the answer
 * lost AFTER the server committed, a duplicate delivered later (reordered), delays, and 500s before or after the
 * server ran. `offline()` cuts the device off completely.
 */
export function faultySend(net: Network, rng: Rng, offline: () => boolean): Send {
  const count = (k: string) => {
    net.counts[k] = (net.counts[k] ?? 0) + 1;
  };
  const inject = async (path: string, body: unknown, token: string | null) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    const res = await net.app().inject({ method: 'POST', url: path, payload: JSON.stringify(body), headers });
    return { status: res.statusCode, text: res.body };
  };
  return async (path, body, token) => {
    const f = net.faults;
    if (offline()) throw new NetworkError('simulated: offline');
    if (rng.chance(f.dropRequest)) {
      count('dropRequest');
      throw new NetworkError('simulated: request lost');
    }
    if (rng.chance(f.error500Before)) {
      count('500before');
      return { status: 500, text: ERROR_500 };
    }
    if (rng.chance(f.delay)) {
      count('delay');
      await ticks(rng.int(1, 20));
    }
    if (rng.chance(f.duplicate)) {
      count('duplicate');
      const copy = structuredClone(body);
      net.delayed.push(async () => {
        await inject(path, copy, token);
      });
    }
    const res = await inject(path, body, token);
    if (rng.chance(f.dropResponse)) {
      count('dropResponse');
      throw new NetworkError('simulated: response lost after the server answered');
    }
    if (rng.chance(f.error500After)) {
      count('500after');
      return { status: 500, text: ERROR_500 };
    }
    return res;
  };
}
