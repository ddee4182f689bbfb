import type { ReportSummary } from '../../model/report.ts';
import { formatNumber, formatWan } from './format.ts';

/**
 * 年终汇总: one unit's year laid out like the bureau's summary (docs/domain.md, "The figures"):
 * 走访 X 人次, 慰问 X 人次, 帮扶基金 X 人 / X 万元, 红星志愿服务队 X 场 … Every number comes from the same
 * summary as the table, so the two never disagree.
 */
export function YearEndView(props: { readonly summary: ReportSummary; readonly year: number }) {
  const s = props.summary;
  const n = formatNumber;
  const campaigns = Object.entries(s.visitsByCampaign).filter(([, v]) => v > 0);
  const theme = (t: string): string => n(s.activitiesByTheme[t] ?? 0);
  const items: readonly (readonly [string, string, string | null])[] = [
    [
      // The bureau's 大走访 figure counts every visit record (DOMAIN: person-visits of all three levels); the
      // note splits it by the visit's 走访类型, which has a 大走访 of its own — so the label says 走访 to read
      // right ("走访 3 人次，按类型：大走访 2 人次，六必访 1 人次"), not "大走访 … 其中 大走访".
      '走访',
      `${n(s.visits)} 人次`,
      campaigns.length > 0 ? `按类型：${campaigns.map(([k, v]) => `${k} ${n(v)} 人次`).join('，')}` : null,
    ],
    [
      '慰问',
      `${n(s.condolences)} 人次`,
      `慰问金 ${n(s.condolenceCashYuan)} 元，慰问物资折合 ${n(s.condolenceGoodsYuan)} 元；慰问单位 ${n(s.condolencesToUnits)} 次`,
    ],
    [
      '帮扶基金',
      `${n(s.fundAidedPersons)} 人 / ${formatWan(s.fundAmountYuan)} 万元`,
      '成功申请帮扶基金的人数与金额',
    ],
    [
      '红星志愿服务队',
      `${n(s.volunteerActivities)} 场`,
      `参与退役军人 ${n(s.volunteerParticipations)} 人次，服务群众 ${n(s.volunteerPeopleServed)} 人次，服务时长 ${n(s.volunteerHours)} 小时`,
    ],
    ['思想政治教育 / 暖心服务', `${theme('思想政治教育')} 场 / ${theme('暖心服务')} 场`, null],
    ['困难诉求', `新增 ${n(s.needsOpened)} 件，办结 ${n(s.needsClosed)} 件`, null],
    ['接收退役士兵', `${n(s.personsReceived)} 人`, null],
  ];
  return (
    <section class="card stack" aria-labelledby="year-end-heading">
      <h2 id="year-end-heading">
        {s.unit.name} {props.year} 年终汇总
      </h2>
      <dl class="year-end">
        {items.map(([label, value, note]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              <strong>{value}</strong>
              {note && <span class="row-sub">{note}</span>}
            </dd>
          </div>
        ))}
      </dl>
      <p class="muted small">
        统计期间 {s.from} 至 {s.to}，含首尾两天；人次按记录计，帮扶基金按人计（同一人多次获助计一人）。
      </p>
    </section>
  );
}
