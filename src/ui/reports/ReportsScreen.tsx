import { useEffect, useState } from 'preact/hooks';
import { chinaDate } from '../../model/dates.ts';
import type { OrgIndex } from '../../model/org.ts';
import { checkPeriod } from '../../model/report-period.ts';
import type { ReportQuery } from '../../model/report.ts';
import { loadOrg } from '../../stores/org.ts';
import { loadReport, reportsStore, SOURCE_LABELS } from '../../stores/reports.ts';
import { sessionStore } from '../../stores/session.ts';
import { useStore } from '../../stores/use-store.ts';
import { SelectField } from '../forms/fields.tsx';
import { useOnline } from '../admin/users/use-online.ts';
import { ExportButtons } from './ExportButtons.tsx';
import { presetPeriod, yearPeriod, type PresetId } from './period-presets.ts';
import { PeriodPicker } from './PeriodPicker.tsx';
import { ReportChart } from './ReportChart.tsx';
import { locationStore, navigate } from '../app/router.ts';
import { SummaryCards } from './SummaryCards.tsx';
import { SummaryTable } from './SummaryTable.tsx';
import { UnitBreadcrumb } from './UnitBreadcrumb.tsx';
import { YearEndView } from './YearEndView.tsx';
import './reports.css';

type View = 'table' | 'yearEnd';
const YEARS_BACK = 10;

/**
 * 报表 (street staff and the district admin): the bureau's figures for a period and a unit, drilled down
 * district → street → community, as a table, bar charts and the 年终汇总. The figures come from the server
 * when it answers, else from the device's own records — the screen always says which (stores/reports.ts).
 *
 * The unit shown is in the address (`/reports?unit=ID`): each drill-down is a history entry, so 返回 (and a
 * phone's back gesture) goes up one level instead of leaving 报表. A unit outside the user's area, typed
 * into the address, shows the user's own unit.
 */
export default function ReportsScreen() {
  const user = useStore(sessionStore, (s) => (s.status === 'signed-in' ? s.session.user : null));
  const report = useStore(reportsStore, (s) => s);
  const online = useOnline();
  const [today] = useState(() => chinaDate());
  const thisYear = Number(today.slice(0, 4));
  const [org, setOrg] = useState<OrgIndex | null>(null);
  const [view, setView] = useState<View>('table');
  const [preset, setPreset] = useState<PresetId>('thisYear');
  const [from, setFrom] = useState(() => yearPeriod(thisYear).from);
  const [to, setTo] = useState(() => yearPeriod(thisYear).to);
  const [year, setYear] = useState(thisYear);
  const asked = useStore(locationStore, (l) => l.query.get('unit'));

  useEffect(() => {
    loadOrg().then(setOrg, () => setOrg(null));
  }, []);

  const rootId = user?.unitId ?? '';
  const inArea = (id: string) => !org || org.isWithin(id, rootId);
  const unit = asked !== null && asked !== '' && inArea(asked) ? asked : rootId;
  const setUnitId = (id: string) => {
    if (id !== unit) navigate(id === rootId ? '/reports' : `/reports?unit=${encodeURIComponent(id)}`);
  };
  const parent = unit !== rootId ? org?.ancestors(unit)[1] : undefined;
  const period = view === 'yearEnd' ? yearPeriod(year) : { from, to };
  const query: ReportQuery = { ...period, unitId: unit };
  const check = checkPeriod(query.from, query.to);

  useEffect(() => {
    if (unit !== '' && check.ok) void loadReport(query);
    // Going online again asks the server instead of the device's figures.
  }, [query.from, query.to, query.unitId, check.ok, online]);

  if (!user) return null;

  const choosePreset = (id: PresetId) => {
    setPreset(id);
    const p = presetPeriod(id, today);
    if (p) {
      setFrom(p.from);
      setTo(p.to);
    }
  };
  const typeDate = (set: (v: string) => void) => (v: string) => {
    set(v);
    setPreset('custom');
  };
  const current =
    report.status !== 'idle' &&
    report.query.from === query.from &&
    report.query.to === query.to &&
    report.query.unitId === query.unitId;

  return (
    <div class="stack">
      <h1>报表</h1>
      <div class="btn-row report-views" role="group" aria-label="视图">
        <button type="button" class="btn" aria-pressed={view === 'table'} onClick={() => setView('table')}>
          分项报表
        </button>
        <button
          type="button"
          class="btn"
          aria-pressed={view === 'yearEnd'}
          onClick={() => setView('yearEnd')}
        >
          年终汇总
        </button>
      </div>
      {view === 'table' ? (
        <PeriodPicker
          preset={preset}
          onPreset={choosePreset}
          from={from}
          to={to}
          onFrom={typeDate(setFrom)}
          onTo={typeDate(setTo)}
          error={check.ok ? null : check.message}
        />
      ) : (
        <section class="card stack" aria-labelledby="report-year-heading">
          <h2 id="report-year-heading">年度</h2>
          <SelectField
            name="report-year"
            label="年份"
            value={String(year)}
            onValue={(v) => v !== '' && setYear(Number(v))}
            options={Array.from({ length: YEARS_BACK }, (_, i) => String(thisYear - i))}
            placeholder="请选择年份"
          />
        </section>
      )}
      {org && <UnitBreadcrumb org={org} rootId={rootId} unitId={unit} onUnit={setUnitId} />}
      {parent && (
        <button type="button" class="btn report-up" onClick={() => setUnitId(parent.id)}>
          <span aria-hidden="true">‹ </span>上一级：{parent.name}
        </button>
      )}
      {!check.ok ? (
        <p class="notice notice-error" role="alert">
          统计期间有误：{check.message}。请更正后再查看报表。
        </p>
      ) : !current || report.status === 'loading' ? (
        <p class="loading" role="status">
          正在统计…
        </p>
      ) : report.status === 'error' ? (
        <p class="notice notice-error" role="alert">
          {report.message}
        </p>
      ) : report.status === 'ready' ? (
        <>
          <p class={report.source === 'server' ? 'notice notice-ok' : 'notice'} role="status">
            数据来源：{SOURCE_LABELS[report.source]}
            {report.fallback && <span class="row-sub">{report.fallback}</span>}
          </p>
          {view === 'yearEnd' ? (
            <YearEndView summary={report.summary} year={year} />
          ) : (
            <>
              <SummaryCards summary={report.summary} onDrill={setUnitId} />
              <SummaryTable summary={report.summary} onDrill={setUnitId} />
              <ReportChart summary={report.summary} />
            </>
          )}
          <ExportButtons query={query} unitName={report.summary.unit.name} online={online} />
        </>
      ) : null}
    </div>
  );
}
