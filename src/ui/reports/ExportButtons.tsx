import { useState } from 'preact/hooks';
import type { ReportQuery } from '../../model/report.ts';
import { toRequestError } from '../../net/errors.ts';
import { EXPORT_FORMATS, type ExportFormat } from '../../protocol/export.ts';
import { fetchReportFile } from '../../stores/reports.ts';
import { saveBlob } from '../app/save-blob.ts';

/**
 * 导出 the report on screen as a file the server makes (CSV with BOM for Excel, XLSX). Online only: offline
 * the buttons are disabled and say why. The request carries the session token, so the file is fetched and
 * saved from a blob rather than opened as a plain link.
 */
export function ExportButtons(props: {
  readonly query: ReportQuery;
  readonly unitName: string;
  readonly online: boolean;
}) {
  const { query, unitName, online } = props;
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const download = async (format: ExportFormat) => {
    setBusy(format);
    setMessage(null);
    try {
      const file = await fetchReportFile(query, format, unitName);
      saveBlob(file.blob, file.fileName);
      setMessage({ ok: true, text: `已导出 ${file.fileName}` });
    } catch (e) {
      setMessage({ ok: false, text: toRequestError(e).message });
    } finally {
      setBusy(null);
    }
  };

  return (
    <section class="card stack" aria-labelledby="report-export-heading">
      <h2 id="report-export-heading">导出</h2>
      {!online && (
        <p id="report-export-offline" class="notice">
          需要联网：导出文件由服务器生成，当前离线，无法导出。
        </p>
      )}
      <div class="btn-row">
        {EXPORT_FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            class="btn"
            disabled={!online || busy !== null}
            aria-describedby={online ? undefined : 'report-export-offline'}
            onClick={() => void download(format)}
          >
            {busy === format ? '正在导出…' : `导出 ${format.toUpperCase()}`}
          </button>
        ))}
      </div>
      {message && (
        <p class={message.ok ? 'notice notice-ok' : 'notice notice-error'} role="status">
          {message.text}
        </p>
      )}
    </section>
  );
}
