import type { z } from 'zod';
import { ProtocolError } from '../protocol/errors.ts';

/** Parses with a shared schema or throws 400 `bad_request` listing the first issues (SPEC.md P14). */
export function parseOr400<T>(schema: z.ZodType<T>, input: unknown, message = '请求格式不正确'): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues
    .slice(0, 20)
    .map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
  throw new ProtocolError('bad_request', message, { issues });
}
