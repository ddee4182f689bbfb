import type { RequestError } from '../../../net/errors.ts';

/**
 * Places a server refusal (`{error:{reason,message,details}}`) beside the form's fields where the details say
 * which field: schema issues carry `issues[].path`, a taken username carries `username`, a wrong placement
 * carries `unitId`/`teamId` (shown under 所属单位). The message always shows at the form too.
 */
const FIELD_OF: Record<string, string> = {
  username: 'username',
  password: 'password',
  displayName: 'displayName',
  role: 'role',
  unitId: 'place',
  teamId: 'place',
};

export function fieldErrors(e: RequestError): Record<string, string> {
  const out: Record<string, string> = {};
  const d = e.details;
  if (typeof d !== 'object' || d === null) return out;
  const issues = (d as { issues?: unknown }).issues;
  if (Array.isArray(issues)) {
    for (const i of issues as { path?: unknown; message?: unknown }[]) {
      const field = typeof i.path === 'string' ? FIELD_OF[i.path.split('.')[0] ?? ''] : undefined;
      if (field && typeof i.message === 'string' && !out[field]) out[field] = i.message;
    }
    return out;
  }
  if (e.reason === 'conflict' && 'username' in d) out['username'] = e.message;
  else if (e.reason === 'bad_request' && ('unitId' in d || 'teamId' in d)) out['place'] = e.message;
  return out;
}
