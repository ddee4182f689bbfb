import { createDexieReplica } from '../db/dexie-replica.ts';
import { META, setMeta } from '../db/meta.ts';
import { createSyncEngine, type SyncEngine } from '../sync/engine.ts';
import { createSessionManager, type LoginResult, type SessionManager } from '../sync/session.ts';
import { createFetchTransport } from '../sync/transport.ts';
import { ORG_PATH, orgTreeSchema } from '../protocol/org.ts';
import { http } from './api.ts';
import { getDb } from './db.ts';

/**
 * The one module that builds the sync layer for the app: transport, session manager and engine. Loaded
 * lazily (through session-api.ts and sync-api.ts) because it brings the protocol schemas — the first screen
 * may not load zod.
 */
interface Wiring {
  readonly sessions: SessionManager;
  readonly engine: SyncEngine;
}

let wiring: Wiring | null = null;

export function getWiring(): Wiring {
  if (wiring) return wiring;
  const replica = createDexieReplica(getDb());
  const transport = createFetchTransport();
  const sessions = createSessionManager({ cache: replica.session, transport });
  const engine = createSyncEngine({ replica, transport, getToken: () => sessions.getToken() });
  // A fresh login (also after an expired session, C9) resumes the queue at once.
  sessions.subscribe((s) => {
    if (s) void engine.syncNow();
  });
  wiring = { sessions, engine };
  return wiring;
}

export function login(username: string, password: string): Promise<LoginResult> {
  return getWiring().sessions.login(username, password);
}

export function logout(): Promise<void> {
  return getWiring().sessions.logout();
}

/**
 * Fetches the org tree (GET /api/org) and caches it under META.org for the forms' community and team lists.
 * Best effort: offline, server down or a bad answer (all bounded by the HTTP client's timeout), the cached
 * copy (or the demo default) serves.
 */
export async function refreshOrg(): Promise<void> {
  const token = await getWiring().sessions.getToken();
  if (!token) return;
  try {
    const tree = await http.json({ method: 'GET', path: ORG_PATH, token }, orgTreeSchema);
    await setMeta(getDb(), META.org, tree);
  } catch {
    // Keep what is cached.
  }
}
