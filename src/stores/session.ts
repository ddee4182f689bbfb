import { createStore } from 'zustand/vanilla';
import { toStorageError } from '../db/errors.ts';
import type { SessionUser } from '../protocol/auth.ts';
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
  | { readonly status: 'signed-out'; readonly error: string | null }
  | { readonly status: 'signed-in'; readonly session: Session };

export const sessionStore = createStore<SessionState>(() => ({ status: 'unknown' }));

export function currentUser(): SessionUser | null {
  const s = sessionStore.getState();
  return s.status === 'signed-in' ? s.session.user : null;
}

/** Reads the cached session: the app starts signed in, offline or not. */
export async function restoreSession(): Promise<void> {
  try {
    const session = await readCachedSession();
    sessionStore.setState(
      session ? { status: 'signed-in', session } : { status: 'signed-out', error: null },
      true,
    );
  } catch (e) {
    // No IndexedDB (private mode), a blocked upgrade…: say which, in the storage layer's words.
    sessionStore.setState({ status: 'signed-out', error: toStorageError(e).message }, true);
  }
}

export async function signIn(username: string, password: string): Promise<boolean> {
  try {
    const session = await loginWithServer(username.trim(), password);
    sessionStore.setState({ status: 'signed-in', session }, true);
    return true;
  } catch (e) {
    const message = e instanceof LoginError ? e.message : '登录失败，请重试';
    sessionStore.setState({ status: 'signed-out', error: message }, true);
    return false;
  }
}

export async function signOut(): Promise<void> {
  await logoutEverywhere().catch(() => undefined);
  sessionStore.setState({ status: 'signed-out', error: null }, true);
}

/** Tests and the sync engine's adapter set a session directly. */
export function setSession(session: Session | null): void {
  sessionStore.setState(
    session ? { status: 'signed-in', session } : { status: 'signed-out', error: null },
    true,
  );
}
