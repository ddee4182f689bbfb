import type { ImportOutcome } from '../../../protocol/import.ts';
import { MAX_IMPORT_MB, type ImportError } from '../../../stores/import.ts';
import { Counts, formatLabel } from './ImportPreview.tsx';

/** After a commit: what was written. */
export function ImportResult({ result, onAgain }: { result: ImportOutcome; onAgain: () => void }) {
  return (
    <section class="card stack" aria-labelledby="import-result-heading">
      <h2 id="import-result-heading">导入完成</h2>
      <p class="notice notice-ok" role="status">
        {result.committed
          ? `已导入：新增 ${result.create} 条，更新 ${result.update} 条（${formatLabel(result)}，共 ${result.rows} 行）。设备同步后即可看到。`
          : '没有写入任何数据：文件与服务器上的数据一致。'}
      </p>
      <Counts o={result} />
      <button type="button" class="btn" onClick={onAgain}>
        导入另一个文件
      </button>
    </section>
  );
}

/**
 * Why the file was refused or the upload failed, in plain words. After a preview, it says the preview is
 * kept so the admin can retry the commit.
 */
export function ImportFailure({ error, afterPreview }: { error: ImportError; afterPreview: boolean }) {
  return (
    <div class="notice notice-error" role="alert">
      <p>{messageOf(error)}</p>
      {missingColumns(error.details)}
      {afterPreview && error.reason !== 'bad_request' && (
        <p>没有写入任何数据，预览已保留，可再次确认导入。</p>
      )}
    </div>
  );
}

function messageOf(e: ImportError): string {
  switch (e.reason) {
    case 'too_large':
      return e.message.includes('MB') ? e.message : `文件超过 ${MAX_IMPORT_MB} MB 上限，请拆分后分批导入`;
    case 'forbidden':
      return `没有导入权限：${e.message}`;
    case 'unauthenticated':
      return '登录已过期，请重新登录后再导入';
    default:
      return e.message;
  }
}

/** `details.found` lists the headers the file has, when required columns are missing. */
function missingColumns(details: unknown) {
  if (typeof details !== 'object' || details === null) return null;
  const labels = (details as { found?: unknown }).found;
  if (!Array.isArray(labels)) return null;
  const names = labels.filter((l): l is string => typeof l === 'string');
  return names.length ? <p>文件中的列：{names.join('、')}</p> : null;
}
