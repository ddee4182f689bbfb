import { vi } from 'vitest';
import { pingshanTree } from '../../src/model/org.ts';
import type { AdminUser } from '../../src/protocol/admin.ts';
import type { Session } from '../../src/stores/session-api.ts';

export const ADMIN: Session = {
  token: 'admin-token',
  expiresAt: '2099-01-01T00:00:00.000Z',
  user: {
    id: 'u-admin',
    username: 'admin',
    displayName: '区管理员',
    role: 'district_admin',
    unitId: '440310000000',
    teamId: null,
  },
};

export const ADMIN_USER: AdminUser = {
  ...ADMIN.user,
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
};

export interface Call {
  readonly method: string;
  readonly url: string;
  readonly auth: string | null;
  readonly body: unknown;
}

type Handler = (call: Call) => { status: number; body: unknown } | undefined;

/**
 * Stubs global fetch with a tiny admin API: GET users and org answer from fixtures, anything else goes to
 * `handler`. Returns the calls made, so tests can assert on the bodies sent.
 */
export function stubAdminApi(handler: Handler = () => undefined, users: AdminUser[] = [ADMIN_USER]): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((input: string, init: RequestInit = {}) => {
      const headers = new Headers(init.headers);
      const call: Call = {
        method: init.method ?? 'GET',
        url: input,
        auth: headers.get('authorization'),
        body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      };
      calls.push(call);
      const answer =
        handler(call) ??
        (call.method === 'GET' && call.url === '/api/admin/users'
          ? { status: 200, body: { users } }
          : call.method === 'GET' && call.url === '/api/admin/org'
            ? { status: 200, body: pingshanTree() }
            : { status: 404, body: { error: { reason: 'not_found', message: '没有此接口' } } });
      return Promise.resolve(
        new Response(JSON.stringify(answer.body), {
          status: answer.status,
          headers: { 'content-type': 'application/json' },
        }),
      );
    }),
  );
  return calls;
}

/** Makes navigator.onLine report `online` until restored by vi.restoreAllMocks. */
export function setOnline(online: boolean): void {
  vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(online);
}
