import { createStore } from 'zustand/vanilla';
import type { ZoufangDB } from '../../db/database.ts';
import { StorageError } from '../../db/errors.ts';

/**
 * App-level IndexedDB health, shown as a banner (StorageBanner.tsx) above every screen. Forms report their own
 * failed saves beside the save button (the typed text stays in the form); this banner is for what concerns the
 * whole app: no IndexedDB at all, an upgrade blocked by another tab, the database upgraded by another tab,
 * storage nearly or completely full.
 */
export type StorageProblem =
  'unavailable' | 'blocked' | 'upgraded-elsewhere' | 'closed' | 'quota-full' | 'quota-low';

export const STORAGE_PROBLEM_MESSAGES: Record<StorageProblem, string> = {
  unavailable: '此浏览器无法使用本地存储（可能处于无痕模式），离线记录无法保存。请用普通模式打开走访通。',
  blocked: '走访通正在升级本机数据，但另一个走访通窗口仍在使用旧版本。请关闭其他走访通窗口。',
  'upgraded-elsewhere': '走访通已在另一个窗口升级。请刷新本页继续，已保存的记录和草稿不会丢失。',
  closed: '本机数据库已被关闭（可能清除了浏览器数据）。请刷新本页；如记录缺失请联系管理员。',
  'quota-full': '手机存储空间已满，新记录无法保存。请清理手机空间；已填写的内容仍在表单中。',
  'quota-low': '手机存储空间即将用完，请尽快联网同步并清理手机空间。',
};

/** Share of the quota above which the worker is warned before saves start failing. */
const LOW_SPACE_RATIO = 0.9;

export const storageHealthStore = createStore<{ problem: StorageProblem | null }>(() => ({ problem: null }));

/**
 * The most serious problem wins; a later, milder one does not hide it. Dexie fires `close` right after it
 * closes the connection for another tab's upgrade, so `closed` ranks below `upgraded-elsewhere`.
 */
const SEVERITY: Record<StorageProblem, number> = {
  unavailable: 5,
  'upgraded-elsewhere': 4,
  closed: 3,
  blocked: 3,
  'quota-full': 2,
  'quota-low': 1,
};

export function reportStorageProblem(problem: StorageProblem): void {
  const current = storageHealthStore.getState().problem;
  if (current === null || SEVERITY[problem] >= SEVERITY[current]) storageHealthStore.setState({ problem });
}

export function clearStorageProblem(): void {
  storageHealthStore.setState({ problem: null });
}

/**
 * Watches the app database. Important: this is the one place outside src/db that subscribes to Dexie's
 * connection events; it only listens (Dexie's default handlers still close the connection on `versionchange`,
 * which lets the other tab's upgrade proceed). Returns an unsubscribe.
 */
export function watchStorage(db: ZoufangDB): () => void {
  if (typeof indexedDB === 'undefined') {
    reportStorageProblem('unavailable');
    return () => undefined;
  }
  db.on('blocked', onBlocked);
  db.on('versionchange', onVersionChange);
  db.on('close', onClose);

  window.addEventListener('unhandledrejection', onRejection);

  db.open().catch((e: unknown) => {
    const name = e instanceof Error ? e.name : '';
    reportStorageProblem(/Version|Upgrade/.test(name) ? 'upgraded-elsewhere' : 'unavailable');
  });
  void checkSpace();

  return () => {
    db.on('blocked').unsubscribe(onBlocked);
    db.on('versionchange').unsubscribe(onVersionChange);
    db.on('close').unsubscribe(onClose);
    window.removeEventListener('unhandledrejection', onRejection);
  };
}

function onBlocked(): void {
  reportStorageProblem('blocked');
}
function onVersionChange(): void {
  reportStorageProblem('upgraded-elsewhere');
}
function onClose(): void {
  reportStorageProblem('closed');
}
/** A save that failed for lack of space or storage, and that no form caught, still reaches the banner. */
function onRejection(event: PromiseRejectionEvent): void {
  const reason: unknown = event.reason;
  if (reason instanceof StorageError && reason.reason === 'quota') reportStorageProblem('quota-full');
  if (reason instanceof StorageError && reason.reason === 'unavailable') reportStorageProblem('unavailable');
}

/** Warns when the origin's usage nears its quota. Never rejects. */
export async function checkSpace(): Promise<void> {
  try {
    const estimate = await navigator.storage?.estimate?.();
    if (estimate?.usage !== undefined && estimate.quota) {
      if (estimate.usage / estimate.quota >= LOW_SPACE_RATIO) reportStorageProblem('quota-low');
    }
  } catch {
    // No estimate: nothing to say.
  }
}
