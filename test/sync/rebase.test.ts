import { describe, expect, it } from 'vitest';
import { rebase } from '../../src/db/rebase.ts';

describe('rebase', () => {
  it('[C2] pending local fields win over pulled values; other pulled fields come through', () => {
    const server = { id: 'a', address: '服务器地址', mobile: '13900001111', name: '张三' };
    const row = rebase(server, [
      { seq: 5, op: 'put', fields: { address: '本机地址' } },
      { seq: 4, op: 'put', fields: { address: '更早的本机地址', name: '张叁' } },
    ]);
    expect(row).toEqual({ id: 'a', address: '本机地址', mobile: '13900001111', name: '张叁' });
  });

  it('[C2] a pending delete keeps the row gone', () => {
    expect(rebase({ id: 'a' }, [{ seq: 1, op: 'delete', fields: {} }])).toBeNull();
  });

  it('does not change its inputs', () => {
    const server = Object.freeze({ id: 'a', x: 1 });
    const pending = Object.freeze([
      Object.freeze({ seq: 1, op: 'put' as const, fields: Object.freeze({ x: 2 }) }),
    ]);
    expect(rebase(server, pending)).toEqual({ id: 'a', x: 2 });
    expect(server).toEqual({ id: 'a', x: 1 });
  });
});
