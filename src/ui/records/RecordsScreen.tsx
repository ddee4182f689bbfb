import { STAFF_ROLES } from '../../model/roles.ts';
import { liveValue, useLiveQuery } from '../../stores/live.ts';
import { openNeeds, personNames, recentRecords, type RecentRecord } from '../../stores/queries.ts';
import { sessionStore } from '../../stores/session.ts';
import { useStore } from '../../stores/use-store.ts';
import { Link } from '../app/Link.tsx';
import type { ScreenProps } from '../app/screen.ts';

const KIND_LABEL: Record<RecentRecord['kind'], string> = {
  visit: '走访',
  condolence: '慰问',
  need: '困难需求',
  activity: '志愿活动',
};

async function load(): Promise<{
  rows: RecentRecord[];
  open: Awaited<ReturnType<typeof openNeeds>>;
  names: Map<string, string>;
}> {
  const [rows, open] = await Promise.all([recentRecords(100), openNeeds()]);
  const names = await personNames([
    ...rows.flatMap((r) => (r.personId ? [r.personId] : [])),
    ...open.map((n) => n.personId),
  ]);
  return { rows, open, names };
}

/** 记录: the latest records on this device, and the forms that do not start from a person. */
export default function RecordsScreen({ query }: ScreenProps) {
  const data = liveValue(useLiveQuery(load, []), null);
  const role = useStore(sessionStore, (s) => (s.status === 'signed-in' ? s.session.user.role : null));
  const staff = role !== null && STAFF_ROLES.includes(role);
  const saved = query.get('saved');
  return (
    <div class="stack">
      <h1>记录</h1>
      {saved && (
        <p class="notice notice-ok" role="status">
          已保存到本机，联网后自动同步。
        </p>
      )}
      <nav class="actions" aria-label="新建记录">
        <Link class="btn btn-block" href="/persons">
          走访、慰问、困难需求：先选人
        </Link>
        <Link class="btn btn-block" href="/condolences/new">
          单位慰问
        </Link>
        <Link class="btn btn-block" href="/activities/new">
          记录志愿服务活动
        </Link>
        {staff && (
          <Link class="btn btn-block" href="/conflicts">
            编辑冲突审核
          </Link>
        )}
      </nav>
      {data && data.open.length > 0 && (
        <section class="card" aria-labelledby="open-needs-heading">
          <h2 id="open-needs-heading">未办结的困难需求（{data.open.length}）</h2>
          <ul class="list">
            {data.open.slice(0, 50).map((n) => (
              <li key={n.id}>
                <Link class="list-link" href={`/needs/${n.id}`}>
                  <span>
                    {data.names.get(n.personId) ?? ''} · {n.category} · {n.status}
                  </span>
                  <span class="muted small">
                    {n.urgency} · 登记于 {n.openedDate}
                    {n.followUpDate ? ` · 跟进 ${n.followUpDate}` : ''}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section class="card" aria-labelledby="recent-heading">
        <h2 id="recent-heading">最近的记录</h2>
        {!data ? (
          <p class="loading" role="status">
            正在加载…
          </p>
        ) : data.rows.length === 0 ? (
          <p class="muted">本机还没有记录。</p>
        ) : (
          <ul class="list">
            {data.rows.map((r) => {
              const who = r.personId ? (data.names.get(r.personId) ?? '') : '';
              const href = r.kind === 'need' ? `/needs/${r.id}` : `/records/${r.kind}/${r.id}`;
              const body = (
                <>
                  <span>
                    {KIND_LABEL[r.kind]} · {who ? `${who} · ` : ''}
                    {r.title}
                    {r.voided && <span class="voided"> · 已作废</span>}
                  </span>
                  <span class="muted small">{r.date}</span>
                </>
              );
              return (
                <li key={`${r.kind}:${r.id}`}>
                  <Link class="list-link" href={href}>
                    {body}
                  </Link>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
