import { createStore } from 'zustand/vanilla';
import { INITIAL_STATUS, type SyncPhase, type SyncStatus } from '../sync/state.ts';
import type { SyncEngineLike } from './sync-api.ts';

/**
 * What the sync engine last published (SPEC.md C8). The store only mirrors `engine.getStatus()`; it never
 * infers state from HTTP results or timers.
 */
export interface SyncStoreState {
  readonly status: SyncStatus;
  readonly engine: SyncEngineLike | null;
  /** A failure of the 立即同步 button itself (the engine reports its own errors in `status.phase`). */
  readonly nowError: string | null;
}

export const syncStore = createStore<SyncStoreState>(() => ({
  status: INITIAL_STATUS,
  engine: null,
  nowError: null,
}));

let detach: (() => void) | null = null;

/** Mirrors an engine's status into the store; replaces any engine connected before. */
export function connectEngine(engine: SyncEngineLike): () => void {
  detach?.();
  const unsubscribe = engine.subscribe((status) => syncStore.setState({ status }));
  syncStore.setState({ engine, status: engine.getStatus() });
  detach = () => {
    unsubscribe();
    syncStore.setState({ engine: null });
  };
  return detach;
}

/**
 * True while the engine is pulling (a download, or the pull after a push): the derived caches (worklist,
 * person index) hold their whole-table re-reads until it ends instead of rebuilding after every page.
 */
export function pullRunning(): boolean {
  return syncStore.getState().status.phase.kind === 'pulling';
}

export async function syncNow(): Promise<void> {
  const engine = syncStore.getState().engine;
  if (!engine) return;
  syncStore.setState({ nowError: null });
  try {
    await engine.syncNow();
  } catch (e) {
    syncStore.setState({ nowError: e instanceof Error ? e.message : '同步失败' });
  }
}

/**
 * The Chinese words of a phase (SPEC.md C8). The badge, 首页 and 同步 all use these (through `statusWords`), so
 * the three places never disagree.
 */
export function phaseLabel(phase: SyncPhase): string {
  switch (phase.kind) {
    case 'idle':
      return '等待同步';
    case 'offline':
      return '离线';
    case 'unreachable':
      return '服务器无法连接';
    case 'pushing':
      return `同步中（上传 ${phase.sent}/${phase.total}）`;
    case 'pulling':
      return phase.total === null
        ? `同步中（已下载 ${phase.received} 条）`
        : `同步中（下载 ${phase.received}/${phase.total}）`;
    case 'synced':
      return '已同步';
    case 'login-required':
      return '需要重新登录';
    case 'update-required':
      return '需要更新应用';
    case 'error':
      return `同步出错：${phase.message}`;
    default:
      return '同步';
  }
}

export interface StatusWords {
  /** What the engine is doing or why it cannot: 离线, 服务器无法连接, 同步中（…）, 已同步, 需要重新登录 … */
  readonly phase: string;
  /** `有 N 条未同步` whenever the outbox is not empty, in every phase; null when it is. */
  readonly pending: string | null;
}

/**
 * The words for a whole status. 已同步 is said only while nothing is pending: a save after a successful
 * round is 等待同步 until the next round (shortly after, C7) took it.
 */
export function statusWords(status: SyncStatus): StatusWords {
  const phase = status.phase.kind === 'synced' && status.pending > 0 ? '等待同步' : phaseLabel(status.phase);
  return { phase, pending: status.pending > 0 ? `有 ${status.pending} 条未同步` : null };
}

/** The words as one sentence (screen readers, the 首页 line): `服务器无法连接，有 3 条未同步`. */
export function statusSentence(status: SyncStatus): string {
  const w = statusWords(status);
  return w.pending === null ? w.phase : `${w.phase}，${w.pending}`;
}

/** 0–1 when a phase knows its progress, else null. */
export function phaseProgress(phase: SyncPhase): number | null {
  if (phase.kind === 'pushing' && phase.total > 0) return phase.sent / phase.total;
  if (phase.kind === 'pulling' && phase.total !== null && phase.total > 0) {
    return Math.min(1, phase.received / phase.total);
  }
  return null;
}
