import { createDexieReplica } from '../db/dexie-replica.ts';
import { META, setMeta } from '../db/meta.ts';
import { createSyncEngine, type SyncEngine } from '../sync/engine.ts';
import { createPokeListener, pokeWhileVisible } from '../sync/poke.ts';
import { createSessionManager, type LoginResult, type SessionManager } from '../sync/session.ts';
import { createFetchTransport } from '../sync/transport.ts';
import { ORG_PATH, orgTreeSchema } from '../protocol/org.ts';
import { http } from './api.ts';
import { getDb, onDbReset } from './db.ts';

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
  const core = createSyncEngine({
    replica,
    transport,
    getToken: () => sessions.getToken(),
    // A saved form is pushed ½ s later (still one push for a burst of saves): with the poke that brings it to
    // the colleagues' devices, this is most of the "≤ 3 s" budget of C16.
    writeDebounceMs: 500,
    // The server marked this device for wipe (D3): delete everything at once and show the login screen.
    onDeviceWiped: () => {
      void import('./session.ts').then(({ wipeDevice }) => wipeDevice());
    },
  });
  // Colleagues' changes in seconds (C16): a poke from the server asks for a sync; the engine coalesces.
  const pokes = createPokeListener({
    getToken: () => sessions.getToken(),
    getClientId: () => replica.clientId(),
    onPoke: () => void core.syncNow(),
    // A dropped stream: the engine tries at once; if the server is gone it goes unreachable and the stream stops.
    onDrop: () => void core.syncNow(),
  });
  let started = false;
  // Important: the stream is open only once the engine has reached the server (it is pulling, synced, or the
  // server answered with an error), and closes when the engine goes offline or unreachable. Its reconnects would
  // otherwise be a second probe beside the engine's schedule (C15), more requests per outage and on page load.
  const reachable = () => {
    const kind = core.getStatus().phase.kind;
    return kind === 'pulling' || kind === 'synced' || kind === 'error';
  };
  const visible = pokeWhileVisible(pokes, () => started && reachable());
  core.subscribe(() => visible.update());
  const engine: SyncEngine = {
    start() {
      core.start();
      started = true;
      visible.update();
    },
    stop() {
      core.stop();
      started = false;
      visible.update();
    },
    syncNow: () => core.syncNow(),
    subscribe: (listener) => core.subscribe(listener),
    getStatus: () => core.getStatus(),
  };
  // A fresh login (also after an expired session, C9) resumes the queue at once, and reopens the poke stream.
  sessions.subscribe((s) => {
    if (s) {
      void engine.syncNow();
      pokes.restart();
    }
  });
  wiring = { sessions, engine };
  // The database was deleted (logout, wipe, another worker's login; D1–D3): this engine and session manager
  // are bound to the old instance, so they stop and the next use builds anew on the new one.
  onDbReset(() => {
    if (!wiring || wiring.engine !== engine) return;
    engine.stop();
    wiring = null;
  });
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
