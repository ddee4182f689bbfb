import type { ImportOutcome } from '../../../protocol/import.ts';
import { commitImport } from '../../../stores/import.ts';

const FORMAT_LABELS: Record<ImportOutcome['format'], string> = {
  csv: 'CSV',
  xlsx: 'XLSX',
  jsonl: 'JSON 行',
};

/** What the file was read as, e.g. "CSV（GB18030）". */
export function formatLabel(o: ImportOutcome): string {
  return o.encoding ? `${FORMAT_LABELS[o.format]}（${o.encoding.toUpperCase()}）` : FORMAT_LABELS[o.format];
}

export function Counts({ o }: { o: ImportOutcome }) {
  return (
    <dl class="stats">
      <div>
        <dt>新增</dt>
        <dd>{o.create}</dd>
      </div>
      <div>
        <dt>更新</dt>
        <dd>{o.update}</dd>
      </div>
      <div>
        <dt>无变化</dt>
        <dd>{o.unchanged}</dd>
      </div>
      <div>
        <dt>错误</dt>
        <dd>{o.errorCount}</dd>
      </div>
      {(o.skipped ?? 0) > 0 && (
        <div>
          <dt>跳过（已删除）</dt>
          <dd>{o.skipped}</dd>
        </div>
      )}
    </dl>
  );
}

/**
 * The server's plan for the file: counts, every listed error by 行 / 列 / 原因, a look at the first rows, and
 * 确认导入 — enabled only for a file without errors and with something to write (the server commits all or
 * nothing and refuses a file with errors anyway).
 */
export function ImportPreview({
  preview,
  online,
  busy,
}: {
  preview: ImportOutcome;
  online: boolean;
  busy: 'preview' | 'commit' | null;
}) {
  const changes = preview.create + preview.update;
  const ready = preview.errorCount === 0 && changes > 0;
  return (
    <section class="card stack" aria-labelledby="import-preview-heading">
      <h2 id="import-preview-heading">预览（尚未导入）</h2>
      <p>
        {`${preview.kind === 'registry' ? '服务对象名册' : '历史记录'}，文件格式 ${formatLabel(preview)}，共 ${preview.rows} 行。`}
      </p>
      <Counts o={preview} />
      {preview.errorCount > 0 && <ErrorTable preview={preview} />}
      {(preview.skipped ?? 0) > 0 && <SkippedList preview={preview} />}
      {preview.errorCount === 0 && changes === 0 && (
        <p class="notice notice-ok" role="status">
          文件与服务器上的数据一致，没有需要导入的内容。
        </p>
      )}
      {preview.sample && <SampleView sample={preview.sample} />}
      <button
        type="button"
        class="btn btn-primary"
        disabled={!ready || !online || busy !== null}
        aria-describedby="import-confirm-hint"
        onClick={() => void commitImport()}
      >
        {busy === 'commit' ? '正在导入…' : '确认导入'}
      </button>
      <p id="import-confirm-hint" class="field-hint">
        {preview.errorCount > 0
          ? '请先在文件中改正以上错误，再重新选择文件上传：有错误的文件不会导入任何一行。'
          : ready
            ? `将新增 ${preview.create} 条、更新 ${preview.update} 条，一次全部写入${(preview.skipped ?? 0) > 0 ? `；跳过 ${preview.skipped} 行已删除的记录` : ''}。`
            : '没有需要写入的变化。'}
      </p>
    </section>
  );
}

function ErrorTable({ preview }: { preview: ImportOutcome }) {
  const unit = preview.format === 'jsonl' ? '行（JSON 行号）' : '行';
  return (
    <div class="stack">
      <p class="notice notice-error" role="alert">
        文件有 {preview.errorCount} 处错误，改正前不能导入。
        {preview.errorCount > preview.errors.length && `以下列出前 ${preview.errors.length} 处。`}
      </p>
      <table>
        <caption>错误明细</caption>
        <thead>
          <tr>
            <th scope="col">{unit}</th>
            <th scope="col">列</th>
            <th scope="col">原因</th>
          </tr>
        </thead>
        <tbody>
          {preview.errors.map((e, i) => (
            <tr key={`${e.row}-${e.column ?? ''}-${i}`}>
              <td>{e.row}</td>
              <td>{e.column ?? '整行'}</td>
              <td>{e.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Lines the import leaves out on purpose (records deleted since), each with its line and reason. */
function SkippedList({ preview }: { preview: ImportOutcome }) {
  const notices = preview.notices ?? [];
  const skipped = preview.skipped ?? 0;
  return (
    <section class="notice stack" aria-labelledby="import-skipped-heading">
      <h3 id="import-skipped-heading">将跳过 {skipped} 行</h3>
      <p>这些记录已在系统中删除，导入不会恢复已删除的记录；其余各行照常导入。</p>
      <ul>
        {notices.map((n) => (
          <li key={n.row}>
            第 {n.row} 行：{n.message}
          </li>
        ))}
      </ul>
      {skipped > notices.length && <p>以下仅列出前 {notices.length} 行。</p>}
    </section>
  );
}

/** The first rows as the server read them: the admin checks the columns landed where they should. */
function SampleView({ sample }: { sample: NonNullable<ImportOutcome['sample']> }) {
  return (
    <table>
      <caption>前 {sample.rows.length} 行样例</caption>
      <thead>
        <tr>
          {sample.header.map((h, i) => (
            <th key={i} scope="col">
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {sample.rows.map((r, i) => (
          <tr key={i}>
            {sample.header.map((_, j) => (
              <td key={j}>{r[j] ?? ''}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
