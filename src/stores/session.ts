import { createStore } from 'zustand/vanilla';
import { toStorageError } from '../db/errors.ts';
import type { SessionUser } from '../protocol/auth.ts';
import {
  databaseExists,
  deleteDeviceDatabase,
  describeHoldings,
  holdsAnything,
  holdsRecords,
  readAuthor,
  readHolder,
  readHoldings,
  type Holdings,
} from './device-data.ts';
import {
  LoginError,
  loginWithServer,
  logoutEverywhere,
  readCachedSession,
  type Session,
} from './session-api.ts';

/**
 * Login state. `unknown` until the cached session has been read at start-up; `signed-out` shows the login
 * screen; `signed-in` may be working offline on the cached session.
 */
export type SessionState =
  | { readonly status: 'unknown' }
  | { readonly status: 'signed-out'; readonly error: string | null; readonly holder?: Holder | null }
  | { readonly status: 'signed-in'; readonly session: Session };

/**
 * A profile whose database holds another worker's unsynced typing (D2): only that worker may log in here until
 * it is synced. `summary` says what is held ("3 条未同步的更改").
 */
export interface Holder {
  readonly username: string;
  readonly displayName: string;
  readonly summary: string;
}

export const sessionStore = createStore<SessionState>(() => ({ status: 'unknown' }));

export function currentUser(): SessionUser | null {
  const s = sessionStore.getState();
  return s.status === 'signed-in' ? s.session.user : null;
}

/** Reads the cached session: the app starts signed in, offline or not. */
export async function restoreSession(): Promise<void> {
  try {
    // A profile without the database (a fresh one, or after a logout deleted it, D1) stays without it.
    const session = (await databaseExists()) ? await readCachedSession() : null;
    sessionStore.setState(
      session ? { status: 'signed-in', session } : { status: 'signed-out', error: null },
      true,
    );
  } catch (e) {
    // No IndexedDB (private mode), a blocked upgrade…: say which, in the storage layer's words.
    sessionStore.setState({ status: 'signed-out', error: toStorageError(e).message }, true);
  }
}

/** The worker whose unsynced typing this profile holds, or null when another account may log in (D2). */
async function heldBy(): Promise<Holder | null> {
  const user = await readHolder();
  if (!user) return null;
  const h = await readHoldings();
  return holdsAnything(h)
    ? { username: user.username, displayName: user.displayName, summary: describeHoldings(h) }
    : null;
}

export async function signIn(username: string, password: string): Promise<boolean> {
  const name = username.trim();
  let holder: Holder | null = null;
  let replaced = false;
  let legacyAuthor: string | null = null;
  try {
    // Another worker's data on this profile (D2): their unsynced typing refuses this login; data with nothing
    // unsynced is deleted before the new account's first pull, so one never sees the other's records.
    holder = await heldBy();
    if (holder && holder.username !== name) {
      sessionStore.setState(
        {
          status: 'signed-out',
          error: `本机保存着${holder.displayName}（${holder.username}）的${holder.summary}，同步之前只有该用户可以在本机登录`,
          holder,
        },
        true,
      );
      return false;
    }
    const previous = holder ? null : await readHolder();
    if (previous && previous.username !== name) {
      await deleteDeviceDatabase();
      replaced = true;
    } else if (!holder && !previous && (await databaseExists())) {
      // A database without a session: left by a logout from before D1. Its queue names its author, checked
      // once the server says who is logging in; with nothing held it is only a copy of the server's data.
      if (holdsAnything(await readHoldings())) legacyAuthor = await readAuthor();
      else if (await holdsRecords()) {
        await deleteDeviceDatabase();
        replaced = true;
      }
    }
  } catch (e) {
    sessionStore.setState({ status: 'signed-out', error: toStorageError(e).message }, true);
    return false;
  }
  try {
    const session = await loginWithServer(name, password);
    if (legacyAuthor !== null && legacyAuthor !== session.user.id) {
      // Someone else's queue: forget this session again (it was cached in that database) and refuse.
      await logoutEverywhere().catch(() => undefined);
      sessionStore.setState(
        {
          status: 'signed-out',
          error: '本机保存着之前登录的用户未同步的更改，同步之前只有该用户可以在本机登录',
          holder: null,
        },
        true,
      );
      return false;
    }
    sessionStore.setState({ status: 'signed-in', session }, true);
    // The previous worker's records may still be in memory (lists, the search index): start the page anew.
    if (replaced) afterWipe();
    return true;
  } catch (e) {
    const message = e instanceof LoginError ? e.message : '登录失败，请重试';
    sessionStore.setState({ status: 'signed-out', error: message, holder }, true);
    return false;
  }
}

/** What a logout did: the database is gone, or it was refused because the device holds the worker's typing. */
export type SignOutResult =
  { readonly ok: true } | { readonly ok: false; readonly holdings: Holdings; readonly summary: string };

/**
 * Logs out (D1): with nothing held, tells the server, deletes the device's database and reloads the page so no
 * in-memory store keeps a record. Unsynced changes always refuse it (the screen offers 先同步); refused changes
 * and drafts, which no sync can clear, refuse it unless the worker explicitly discards them (`discard`).
 */
export async function signOut(opts: { readonly discard?: boolean } = {}): Promise<SignOutResult> {
  const holdings = await readHoldings();
  const blocking = opts.discard === true ? { ...holdings, rejected: 0, drafts: 0 } : holdings;
  if (holdsAnything(blocking)) return { ok: false, holdings, summary: describeHoldings(holdings) };
  await logoutEverywhere().catch(() => undefined);
  await wipeDevice();
  return { ok: true };
}

/** 先同步 (D1): one sync round now, then the logout, which is refused again if something is still unsynced. */
export async function syncThenSignOut(): Promise<SignOutResult> {
  const { loadSyncEngine } = await import('./sync-api.ts');
  await (await loadSyncEngine()).syncNow();
  return signOut();
}

/**
 * The session expired (C9, "重新登录"): back to the login screen, the data and its holder kept; only the same
 * worker may log in while something is unsynced (D2).
 */
export async function reauthenticate(): Promise<void> {
  const holder = await heldBy().catch(() => null);
  sessionStore.setState({ status: 'signed-out', error: null, holder }, true);
}

/**
 * Deletes the device's database and every in-memory copy (D1, D3): the state goes to signed-out at once and,
 * in a browser, the page reloads so no store keeps a record it had loaded.
 */
export async function wipeDevice(): Promise<void> {
  sessionStore.setState({ status: 'signed-out', error: null }, true);
  await deleteDeviceDatabase();
  afterWipe();
}

let afterWipe: () => void = () => {
  if (typeof location !== 'undefined') location.reload();
};

/** Tests replace the page reload. */
export function setAfterWipe(fn: () => void): void {
  afterWipe = fn;
}

/** Tests and the sync engine's adapter set a session directly. */
export function setSession(session: Session | null): void {
  sessionStore.setState(
    session ? { status: 'signed-in', session } : { status: 'signed-out', error: null },
    true,
  );
}
