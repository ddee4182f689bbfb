import { z } from 'zod';
import { createStore } from 'zustand/vanilla';
import { AdminError, adminFetch, readAdminJson, toAdminError } from './admin.ts';
import { sessionStore } from './session.ts';

/**
 * Client of the district admin's import API (src/server/routes/admin-import.ts): the file's bytes go to
 * POST /api/admin/import/preview?name=FILE, which answers the plan and writes nothing, then to /commit, which
 * writes all of it in one transaction or nothing. Imports need the network and are never queued.
 *
 * State machine: idle → (file chosen) → previewing → preview → committing → committed
 *                                                        ↑__________| (commit failed: preview kept, error shown)
 * The chosen File stays in memory, so a failed commit can be retried without choosing it again.
 */

/**
 * Mirrors MAX_IMPORT_BYTES in src/server/import/limits.ts (the client may not import server code;
 * test/stores/import-server.test.ts pins the two together). Checked before uploading.
 */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_MB = MAX_IMPORT_BYTES / 1024 / 1024;

export const IMPORT_OFFLINE_MESSAGE = '需要联网：导入直接提交到服务器，当前无法连接，请联网后再试。';

/** What the admin says the file is; the server decides by content too (a JSON line starts with `{`). */
export type ImportKind = 'registry' | 'history';

export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  registry: '服务对象名册（CSV / XLSX）',
  history: '历史记录（JSON 行，.jsonl）',
};

/** File-name endings accepted per kind (also the `accept` of the file picker). */
export const IMPORT_EXTENSIONS: Record<ImportKind, readonly string[]> = {
  registry: ['.csv', '.xlsx'],
  history: ['.jsonl', '.ndjson'],
};

/** The server's ImportOutcome (src/server/import/service.ts), checked at the boundary. */
export const importOutcomeSchema = z.object({
  kind: z.enum(['registry', 'history']),
  format: z.enum(['csv', 'xlsx', 'jsonl']),
  encoding: z.string().nullable(),
  rows: z.number(),
  create: z.number(),
  update: z.number(),
  unchanged: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string().nullable(), message: z.string() })),
  errorCount: z.number(),
  /** Lines left out on purpose (records deleted on the server), with their reason; absent from older servers. */
  skipped: z.number().optional(),
  notices: z
    .array(z.object({ row: z.number(), column: z.string().nullable(), message: z.string() }))
    .optional(),
  committed: z.boolean(),
  /** A registry's first rows as the server read them (decoded; XLSX too). */
  sample: z.object({ header: z.array(z.string()), rows: z.array(z.array(z.string())) }).optional(),
});
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

export interface ImportState {
  readonly kind: ImportKind;
  readonly file: File | null;
  readonly busy: 'preview' | 'commit' | null;
  /** The server's plan for `file`; kept when a commit fails. */
  readonly preview: ImportOutcome | null;
  /** The committed outcome, once the commit succeeded. */
  readonly result: ImportOutcome | null;
  readonly error: AdminError | null;
}

const initial: ImportState = {
  kind: 'registry',
  file: null,
  busy: null,
  preview: null,
  result: null,
  error: null,
};

export const importStore = createStore<ImportState>(() => initial);

// Important: a registry file is personal data. Signing out drops it (and its preview) from memory, so the next
// user of the device does not find it on the screen.
sessionStore.subscribe((s) => {
  if (s.status !== 'signed-in' && importStore.getState() !== initial) importStore.setState(initial, true);
});

/** Why a file is refused before upload, or null. Size and name only: the content is the server's to judge. */
export function checkImportFile(file: File, kind: ImportKind): AdminError | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xls')) {
    return new AdminError('bad_request', '不支持旧版 .xls 文件，请用 Excel 另存为 .xlsx 或 CSV 后重试');
  }
  if (!IMPORT_EXTENSIONS[kind].some((ext) => name.endsWith(ext))) {
    const other = (Object.keys(IMPORT_EXTENSIONS) as ImportKind[]).find((k) =>
      IMPORT_EXTENSIONS[k].some((ext) => name.endsWith(ext)),
    );
    const hint = other ? `；这像是${IMPORT_KIND_LABELS[other]}，请先选对文件类型` : '';
    return new AdminError(
      'bad_request',
      `文件类型不对：${IMPORT_KIND_LABELS[kind]}只接受 ${IMPORT_EXTENSIONS[kind].join(' / ')} 文件${hint}`,
    );
  }
  if (file.size === 0) return new AdminError('bad_request', '文件是空的');
  if (file.size > MAX_IMPORT_BYTES) {
    return new AdminError(
      'too_large',
      `文件大小约 ${(Math.ceil((file.size / 1024 / 1024) * 10) / 10).toFixed(1)} MB，超过 ${MAX_IMPORT_MB} MB 上限，请拆分后分批导入`,
    );
  }
  return null;
}

export function chooseImportKind(kind: ImportKind): void {
  importStore.setState({ ...initial, kind });
}

/** A new file replaces the old plan: a preview belongs to the bytes it was made from. */
export function chooseImportFile(file: File | null): void {
  const { kind } = importStore.getState();
  importStore.setState({ ...initial, kind, file, error: file ? checkImportFile(file, kind) : null });
}

async function send(action: 'preview' | 'commit', file: File): Promise<ImportOutcome> {
  const res = await adminFetch('POST', `/api/admin/import/${action}?name=${encodeURIComponent(file.name)}`, {
    headers: { 'content-type': 'application/octet-stream' },
    body: await file.arrayBuffer(),
    offlineMessage: IMPORT_OFFLINE_MESSAGE,
  });
  return readAdminJson(res, importOutcomeSchema);
}

/** Uploads the chosen file for a preview. Never rejects: failures land in `error`. */
export async function previewImport(): Promise<void> {
  const { file, kind, busy } = importStore.getState();
  if (!file || busy) return;
  const refused = checkImportFile(file, kind);
  if (refused) return importStore.setState({ error: refused });
  importStore.setState({ busy: 'preview', error: null, preview: null, result: null });
  try {
    const preview = await send('preview', file);
    if (importStore.getState().file === file) importStore.setState({ busy: null, preview });
  } catch (e) {
    if (importStore.getState().file === file) importStore.setState({ busy: null, error: toAdminError(e) });
  }
}

/**
 * Commits the previewed file. Only with a clean preview (the server refuses a file with errors anyway). On
 * failure the preview stays; when the server found errors at commit time (data changed since the preview),
 * its plan in `details` replaces the preview, so the admin sees the rows. Never rejects.
 */
export async function commitImport(): Promise<void> {
  const { file, preview, busy } = importStore.getState();
  if (!file || !preview || preview.errorCount > 0 || busy) return;
  importStore.setState({ busy: 'commit', error: null });
  try {
    const result = await send('commit', file);
    importStore.setState({ busy: null, result });
  } catch (e) {
    const error = toAdminError(e);
    const plan = importOutcomeSchema.safeParse(error.details);
    importStore.setState({ busy: null, error, ...(plan.success ? { preview: plan.data } : {}) });
  }
}

/** Back to an empty screen (after a finished import, to import another file). */
export function resetImport(): void {
  importStore.setState({ ...initial, kind: importStore.getState().kind });
}
