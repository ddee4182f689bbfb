import { useEffect, useRef } from 'preact/hooks';
import {
  checkImportFile,
  chooseImportFile,
  chooseImportKind,
  IMPORT_EXTENSIONS,
  IMPORT_KIND_LABELS,
  importStore,
  MAX_IMPORT_MB,
  previewImport,
  resetImport,
} from '../../../stores/import.ts';
import type { ImportKind } from '../../../protocol/import.ts';
import { useStore } from '../../../stores/use-store.ts';
import { useOnline } from '../users/use-online.ts';
import { ImportPreview } from './ImportPreview.tsx';
import { ImportFailure, ImportResult } from './ImportResult.tsx';

const KINDS = Object.keys(IMPORT_KIND_LABELS) as ImportKind[];

/**
 * 导入数据 (district admin): a registry spreadsheet or historical records → upload → the server's preview
 * (counts, errors by row and column) → 确认导入, all or nothing. Straight to the server: offline the upload
 * is disabled and the screen says why. The state lives in stores/import.ts, so leaving the screen and
 * coming back, or a failed commit, keeps the chosen file and its preview.
 */
export default function ImportScreen() {
  const s = useStore(importStore, (st) => st);
  const online = useOnline();
  const input = useRef<HTMLInputElement>(null);
  // The picker is uncontrolled: clear it when the store drops the file (another kind, 导入另一个文件).
  useEffect(() => {
    if (s.file === null && input.current) input.current.value = '';
  }, [s.file]);

  // A file refused on this side (type, size) is not uploaded; a failed upload may be retried.
  const canPreview = online && s.file !== null && s.busy === null && checkImportFile(s.file, s.kind) === null;
  return (
    <div class="stack">
      <h1>导入数据</h1>
      {!online && (
        <p class="notice notice-error" role="status">
          需要联网：导入直接提交到服务器，当前离线，无法上传。已选的文件和预览会保留，联网后可继续。
        </p>
      )}
      <section class="card stack" aria-labelledby="import-file-heading">
        <h2 id="import-file-heading">选择文件</h2>
        <fieldset class="field">
          <legend>文件类型</legend>
          <div class="choices">
            {KINDS.map((k) => (
              <label key={k} class="choice">
                <input
                  type="radio"
                  name="import-kind"
                  value={k}
                  checked={s.kind === k}
                  disabled={s.busy !== null}
                  onChange={() => chooseImportKind(k)}
                />
                {IMPORT_KIND_LABELS[k]}
              </label>
            ))}
          </div>
        </fieldset>
        <div class="field">
          <label for="import-file">文件</label>
          <input
            ref={input}
            id="import-file"
            type="file"
            accept={IMPORT_EXTENSIONS[s.kind].join(',')}
            aria-describedby="import-rules"
            disabled={s.busy !== null}
            onChange={(e) => chooseImportFile(e.currentTarget.files?.[0] ?? null)}
          />
          {s.file && (
            <p class="field-hint">
              {`已选：${s.file.name}（${s.file.size < 1024 * 1024 ? `${Math.ceil(s.file.size / 1024)} KB` : `${(s.file.size / 1024 / 1024).toFixed(1)} MB`}）`}
            </p>
          )}
          <p id="import-rules" class="field-hint">
            {s.kind === 'registry'
              ? '名册须有“姓名”“身份证号”“所属社区”列；CSV 可为 UTF-8（带或不带 BOM）、GB18030 或 UTF-16，或 XLSX。'
              : '每行一条记录（走访、慰问、困难帮扶、志愿服务活动），格式同同步协议；以记录 id 或身份证号指明服务对象。'}
            每个文件不超过 {MAX_IMPORT_MB} MB、10 万行。文件中任何一处错误都会使整个文件不被导入。
          </p>
        </div>
        <button
          type="button"
          class="btn btn-primary"
          disabled={!canPreview}
          onClick={() => void previewImport()}
        >
          {s.busy === 'preview' ? '正在检查…' : '上传并预览'}
        </button>
      </section>
      {s.busy === 'preview' && (
        <p class="loading" role="status">
          正在上传并检查文件，尚未写入任何数据…
        </p>
      )}
      {s.error && <ImportFailure error={s.error} afterPreview={s.preview !== null} />}
      {s.result ? (
        <ImportResult result={s.result} onAgain={resetImport} />
      ) : (
        s.preview && <ImportPreview preview={s.preview} online={online} busy={s.busy} />
      )}
    </div>
  );
}
