import { useState } from 'preact/hooks';
import { toRequestError, type RequestError } from '../../../net/errors.ts';
import { WHOLE_ID_ROLES } from '../../../model/roles.ts';
import { EXPORT_FORMATS, type ExportFormat, type ExportKind } from '../../../protocol/export.ts';
import { exportChoices, fetchExport } from '../../../stores/export.ts';
import { sessionStore } from '../../../stores/session.ts';
import { useStore } from '../../../stores/use-store.ts';
import { TextField } from '../../forms/fields.tsx';
import { AdminNotice } from '../users/AdminNotice.tsx';
import { useOnline } from '../users/use-online.ts';
import { saveBlob } from '../../app/save-blob.ts';

/**
 * 导出数据: each record kind of the caller's area as CSV (UTF-8 with BOM, for Excel) or XLSX, read from the
 * server (online only), optionally for a period. The server masks ID numbers and mobiles for roles that may
 * not see them whole and neutralises formulas; this screen says which applies to the user.
 */
export default function ExportScreen() {
  const role = useStore(sessionStore, (s) => (s.status === 'signed-in' ? s.session.user.role : null));
  const online = useOnline();
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [busy, setBusy] = useState<string | null>(null);
  const [failure, setFailure] = useState<RequestError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [periodError, setPeriodError] = useState<string | null>(null);
  if (role === null) return null;

  const download = async (kind: ExportKind, format: ExportFormat) => {
    setFailure(null);
    setDone(null);
    if ((from === '') !== (to === '')) {
      setPeriodError('请同时填写起始日期和截止日期，或都留空导出全部');
      return;
    }
    setPeriodError(null);
    setBusy(`${kind}.${format}`);
    try {
      const file = await fetchExport(kind, format, from && to ? { from, to } : null);
      saveBlob(file.blob, file.fileName);
      setDone(`已导出 ${file.fileName}`);
    } catch (e) {
      setFailure(toRequestError(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="stack">
      <h1>导出数据</h1>
      {!online && (
        <p class="notice notice-error" role="status">
          需要联网：导出读取服务器上的数据，当前离线，无法导出。
        </p>
      )}
      <p class="notice">
        {WHOLE_ID_ROLES.has(role)
          ? '导出的身份证号和手机号为完整号码，请妥善保管文件，不要外传。'
          : '按您的角色，导出的身份证号和手机号已部分隐去（如 340524********001X、138****1234）；完整号码仅区级管理员和街道工作人员可导出。'}
        导出范围为您负责的区域；以 = + - @ 开头的内容已加单引号，防止表格公式注入。
      </p>
      <section class="card stack" aria-labelledby="export-period-heading">
        <h2 id="export-period-heading">时间范围（可选）</h2>
        <TextField name="export-from" label="起始日期" type="date" value={from} onValue={setFrom} />
        <TextField
          name="export-to"
          label="截止日期"
          type="date"
          value={to}
          onValue={setTo}
          hint="含首尾两天；按记录自身日期筛选（走访日期、慰问日期、活动日期等），服务对象不按日期筛选。"
          error={periodError ?? undefined}
        />
      </section>
      <section class="card stack" aria-labelledby="export-kinds-heading">
        <h2 id="export-kinds-heading">记录类型</h2>
        <p class="muted small">
          用 Excel 或 WPS 查看、编辑，请选
          XLSX（推荐）：身份证号、手机号、单位代码都是文本，不会变成科学计数法。CSV
          供其他系统导入；其中的长号码前有一个不可见的制表符，使表格软件按文本打开。
        </p>
        <ul class="list">
          {exportChoices(role).map(({ kind, label }) => (
            <li key={kind} class="stack">
              <strong>{label}</strong>
              <div class="btn-row">
                {EXPORT_FORMATS.map((format) => (
                  <button
                    key={format}
                    type="button"
                    class={format === 'xlsx' ? 'btn btn-primary' : 'btn'}
                    disabled={!online || busy !== null}
                    aria-label={`导出${label} ${format.toUpperCase()}`}
                    onClick={() => void download(kind, format)}
                  >
                    {busy === `${kind}.${format}` ? '正在导出…' : format === 'xlsx' ? 'XLSX（推荐）' : 'CSV'}
                  </button>
                ))}
              </div>
            </li>
          ))}
        </ul>
      </section>
      {done && (
        <p class="notice notice-ok" role="status">
          {done}
        </p>
      )}
      {failure && <AdminNotice error={failure} />}
    </div>
  );
}
