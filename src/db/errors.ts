/**
 * IndexedDB failures, named so the UI can tell the worker what happened in plain Chinese and what was kept.
 * A failed write aborts its transaction: neither the record nor its outbox entry is stored, and the form
 * (and its autosaved draft where the draft store still works) keeps what was typed.
 */
export const STORAGE_FAILURES = ['quota', 'blocked', 'unavailable', 'invalid', 'unknown'] as const;
export type StorageFailure = (typeof STORAGE_FAILURES)[number];

const MESSAGES: Record<StorageFailure, string> = {
  quota: '手机存储空间已满，本条未保存。请清理手机空间后再点保存，已填写的内容仍在表单中。',
  blocked: '应用正在另一个窗口中升级数据，请关闭其他走访通窗口后重试。',
  unavailable: '此浏览器无法使用本地存储（可能处于无痕模式），无法离线保存记录。请使用普通模式打开。',
  invalid: '记录内容不完整或格式不正确，未保存。',
  unknown: '本地保存失败，未保存。请重试；如多次失败请联系管理员。',
};

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly reason: StorageFailure,
    message: string = MESSAGES[reason],
    readonly details?: unknown,
  ) {
    super(message);
  }
}

function errorName(e: unknown): string {
  if (typeof e !== 'object' || e === null) return '';
  const inner = (e as { inner?: unknown }).inner;
  const own = (e as { name?: unknown }).name;
  const innerName =
    typeof inner === 'object' && inner !== null ? (inner as { name?: unknown }).name : undefined;
  return `${typeof own === 'string' ? own : ''} ${typeof innerName === 'string' ? innerName : ''}`;
}

/** Maps whatever Dexie or IndexedDB threw to a StorageError (the one toError of this layer). */
export function toStorageError(e: unknown): StorageError {
  if (e instanceof StorageError) return e;
  const name = errorName(e);
  if (/QuotaExceeded/.test(name)) return new StorageError('quota', undefined, e);
  if (/Blocked|VersionError|DatabaseClosed/.test(name)) return new StorageError('blocked', undefined, e);
  if (/MissingAPI|InvalidState|OpenFailed/.test(name)) return new StorageError('unavailable', undefined, e);
  return new StorageError('unknown', undefined, e);
}
