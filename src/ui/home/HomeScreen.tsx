import { chinaDate } from '../../model/dates.ts';
import { STAFF_ROLES } from '../../model/roles.ts';
import { todayCounts } from '../../stores/home.ts';
import { liveValue, useLiveQuery } from '../../stores/live.ts';
import { sessionStore } from '../../stores/session.ts';
import { syncStore, phaseProgress, statusSentence } from '../../stores/sync-status.ts';
import { useStore } from '../../stores/use-store.ts';
import { Link } from '../app/Link.tsx';
import { draftLabel, draftRoute } from '../forms/draft-keys.ts';
import { useWorklistCount } from '../worklist/use-worklist-count.ts';

/**
 * 首页: today's work. Important: statically imported by the shell — it and its imports must stay free of
 * zod and repositories (first-screen budget 50 KB gzip).
 */
export function HomeScreen() {
  const today = chinaDate();
  const counts = liveValue(
    useLiveQuery(() => todayCounts(today), [today]),
    null,
  );
  const status = useStore(syncStore, (s) => s.status);
  const user = useStore(sessionStore, (s) => (s.status === 'signed-in' ? s.session.user : null));
  const staff = user !== null && STAFF_ROLES.includes(user.role);
  const worklistCount = useWorklistCount(user?.role ?? null);

  return (
    <div class="stack">
      <h1>{user ? `${user.displayName}，您好` : '今日工作'}</h1>
      <p class="muted">今天是 {today}</p>

      <section aria-labelledby="today-heading" class="card">
        <h2 id="today-heading">今日工作</h2>
        <dl class="stats">
          <div>
            <dt>今日走访</dt>
            <dd>{counts?.visitsToday ?? '…'}</dd>
          </div>
          <div>
            <dt>到期待跟进需求</dt>
            <dd>{counts?.needsDue ?? '…'}</dd>
          </div>
          <div>
            <dt>未同步的更改</dt>
            <dd>{status.pending}</dd>
          </div>
        </dl>
        <p class="muted">同步状态：{statusSentence(status)}</p>
        {phaseProgress(status.phase) !== null && (
          <progress
            class="progress"
            max={100}
            value={Math.round((phaseProgress(status.phase) ?? 0) * 100)}
            aria-label="同步进度"
          />
        )}
        {status.rejected > 0 && (
          <p class="notice notice-error">
            有 {status.rejected} 条更改被服务器拒绝，<Link href="/sync">查看原因</Link>
          </p>
        )}
      </section>

      <nav aria-label="常用操作" class="actions">
        <Link class="btn btn-primary btn-block" href="/persons">
          开始走访
        </Link>
        <Link class="btn btn-block" href="/worklist">
          待访清单{worklistCount !== null && `（${worklistCount}）`}
        </Link>
        {staff && (
          <Link class="btn btn-block" href="/reports">
            报表
          </Link>
        )}
        {user?.role === 'team_leader' && (
          <Link class="btn btn-block" href="/activities/new">
            记录志愿服务活动
          </Link>
        )}
        {staff && (counts?.openConflicts ?? 0) > 0 && (
          <Link class="btn btn-block" href="/conflicts">
            待审核编辑冲突（{counts?.openConflicts}）
          </Link>
        )}
      </nav>

      {counts && counts.dueNeeds.length > 0 && (
        <section aria-labelledby="due-heading" class="card">
          <h2 id="due-heading">到期待跟进的困难需求</h2>
          <ul class="list">
            {counts.dueNeeds.map((n) => (
              <li key={n.id}>
                <Link href={`/needs/${n.id}`} class="list-link">
                  <span>{n.category}</span>
                  <span class="muted small">跟进日期 {n.followUpDate}</span>
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="drafts-heading" class="card">
        <h2 id="drafts-heading">未完成的草稿</h2>
        {!counts || counts.drafts.length === 0 ? (
          <p class="muted">没有未完成的草稿。</p>
        ) : (
          <ul class="list">
            {counts.drafts.map((d) => {
              const href = draftRoute(d.key);
              const title = typeof d.values['_title'] === 'string' ? ` · ${d.values['_title']}` : '';
              return (
                <li key={d.key}>
                  {href ? (
                    <Link href={href} class="list-link">
                      <span>
                        继续填写{draftLabel(d.form)}
                        {title}
                      </span>
                      <span class="muted small">保存于 {formatTime(d.savedAt)}</span>
                    </Link>
                  ) : (
                    <span>{draftLabel(d.form)}</span>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}

const pad = (n: number) => String(n).padStart(2, '0');

function formatTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getMonth() + 1}月${d.getDate()}日 ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}
