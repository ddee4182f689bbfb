import { useEffect, useState } from 'preact/hooks';
import { maskIdNumber } from '../../model/id-number.ts';
import { maskMobile } from '../../model/mobile.ts';
import { fenToYuan } from '../../model/money.ts';
import type { OrgIndex } from '../../model/org.ts';
import { liveValue, useLiveQuery } from '../../stores/live.ts';
import { loadOrg, unitLabel } from '../../stores/org.ts';
import { condolencesOf, needsOf, personById, visitsOf } from '../../stores/queries.ts';
import { Link } from '../app/Link.tsx';
import { DuplicateNotice } from './DuplicateNotice.tsx';
import type { ScreenProps } from '../app/screen.ts';

/**
 * 服务对象 page: details, and its visits, condolences and needs (live). The ID number and mobile are masked
 * until the worker presses 显示 (PIPL art. 51: shown whole only on purpose).
 */
export default function PersonScreen({ params, query }: ScreenProps) {
  const id = params['id'] ?? '';
  const person = liveValue(
    useLiveQuery(() => personById(id).then((p) => p ?? null), [id]),
    undefined,
  );
  const visits = liveValue(
    useLiveQuery(() => visitsOf(id), [id]),
    [],
  );
  const condolences = liveValue(
    useLiveQuery(() => condolencesOf(id), [id]),
    [],
  );
  const needs = liveValue(
    useLiveQuery(() => needsOf(id), [id]),
    [],
  );
  const [reveal, setReveal] = useState(false);
  const [org, setOrg] = useState<OrgIndex | null>(null);
  useEffect(() => {
    void loadOrg().then(setOrg);
  }, []);

  if (person === undefined) {
    return (
      <p class="loading" role="status">
        正在加载…
      </p>
    );
  }
  if (person === null) return <p class="notice">找不到该服务对象（可能已被删除或不在本机区域）。</p>;
  const saved = query.get('saved');
  const merged = query.get('merged');

  return (
    <div class="stack">
      <h1>{person.name}</h1>
      {merged !== null && (
        <p class="notice notice-ok" role="status" data-testid="merged-notice">
          已合并重复档案，{merged} 条记录已转入本档案（合并记入审计日志）。
        </p>
      )}
      <DuplicateNotice person={person} />
      {saved && (
        <p class="notice notice-ok" role="status">
          已保存到本机{saved === 'visit' ? '（走访记录）' : saved === 'condolence' ? '（慰问记录）' : ''}
          ，联网后自动同步。
        </p>
      )}
      <div class="btn-row">
        <Link class="btn btn-primary" href={`/persons/${person.id}/visit/new`}>
          记录走访
        </Link>
        <Link class="btn" href={`/persons/${person.id}/condolence/new`}>
          记录慰问
        </Link>
        <Link class="btn" href={`/persons/${person.id}/need/new`}>
          登记困难需求
        </Link>
      </div>

      <section class="card" aria-labelledby="person-details">
        <h2 id="person-details">基本信息</h2>
        <dl class="kv">
          <dt>性别</dt>
          <dd>{person.sex}</dd>
          <dt>身份证号</dt>
          <dd data-testid="person-id-number">{reveal ? person.idNumber : maskIdNumber(person.idNumber)}</dd>
          <dt>手机号</dt>
          <dd>{person.mobile ? (reveal ? person.mobile : maskMobile(person.mobile)) : '未填写'}</dd>
          <dt>住址</dt>
          <dd>{person.address || '未填写'}</dd>
          <dt>所属社区</dt>
          <dd>{org ? unitLabel(org, person.communityId) : person.communityId}</dd>
          <dt>人员类别</dt>
          <dd>{person.categories.join('、') || '未填写'}</dd>
          {person.priorityFlags.length > 0 && (
            <>
              <dt>重点优抚</dt>
              <dd>{person.priorityFlags.join('、')}</dd>
            </>
          )}
          <dt>联系等级</dt>
          <dd>{person.contactTier}</dd>
          <dt>状态</dt>
          <dd>{person.status}</dd>
          {person.receivedDate && (
            <>
              <dt>接收日期</dt>
              <dd>{person.receivedDate}</dd>
            </>
          )}
          {person.householdNotes && (
            <>
              <dt>家庭情况</dt>
              <dd>{person.householdNotes}</dd>
            </>
          )}
        </dl>
        <div class="btn-row">
          <button
            type="button"
            class="btn"
            aria-pressed={reveal}
            onClick={() => {
              // Showing the whole numbers is audited (SPEC.md S7); hiding them again is not.
              if (!reveal)
                void import('../../stores/records.ts')
                  .then((m) => m.noteReveal(person))
                  .catch(() => undefined);
              setReveal((r) => !r);
            }}
          >
            {reveal ? '隐藏证件号和手机号' : '显示证件号和手机号'}
          </button>
          <Link class="btn" href={`/persons/${person.id}/edit`}>
            编辑
          </Link>
        </div>
      </section>

      <section class="card" aria-labelledby="person-visits">
        <h2 id="person-visits">走访记录（{visits.filter((v) => v.voidedAt === undefined).length}）</h2>
        {visits.length === 0 ? (
          <p class="muted">尚无走访记录。</p>
        ) : (
          <ul class="list">
            {visits.map((v) => (
              <li key={v.id}>
                <Link class="list-link" href={`/records/visit/${v.id}`}>
                  <span>
                    {v.date} · {v.campaign}
                    {v.trigger ? `（${v.trigger}）` : ''} · {v.method}
                    {v.voidedAt !== undefined && <span class="voided"> · 已作废</span>}
                  </span>
                  <span class="muted small">
                    {v.voidedAt !== undefined ? `作废原因：${v.voidReason ?? ''}` : v.visitors}
                    {v.situation ? ` · ${v.situation}` : ''}
                    {v.needsRaised ? ` · 诉求：${v.needsRaised}` : ''}
                    {v.followUpDate ? ` · 回访 ${v.followUpDate}` : ''}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="card" aria-labelledby="person-condolences">
        <h2 id="person-condolences">
          慰问记录（{condolences.filter((c) => c.voidedAt === undefined).length}）
        </h2>
        {condolences.length === 0 ? (
          <p class="muted">尚无慰问记录。</p>
        ) : (
          <ul class="list">
            {condolences.map((c) => (
              <li key={c.id}>
                <Link class="list-link" href={`/records/condolence/${c.id}`}>
                  <span>
                    {c.date} · {c.occasion} · {c.level}级
                    {c.voidedAt !== undefined && <span class="voided"> · 已作废</span>}
                  </span>
                  <span class="muted small">
                    {c.voidedAt !== undefined ? `作废原因：${c.voidReason ?? ''} · ` : ''}
                    慰问金 {fenToYuan(c.cashFen)} 元{c.goods ? ` · ${c.goods}` : ''}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section class="card" aria-labelledby="person-needs">
        <h2 id="person-needs">困难帮扶（{needs.length}）</h2>
        {needs.length === 0 ? (
          <p class="muted">尚无困难需求。</p>
        ) : (
          <ul class="list">
            {needs.map((n) => (
              <li key={n.id}>
                <Link class="list-link" href={`/needs/${n.id}`}>
                  <span>
                    {n.category} · {n.status}
                  </span>
                  <span class="muted small">
                    {n.openedDate} · {n.urgency} · {n.description.slice(0, 40)}
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
