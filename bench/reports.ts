/**
 * Reports and import benchmarks, run by `npm run bench` (bench/run.ts calls `run`), or alone:
 * `npx tsx bench/reports.ts`. Figures are printed; goals: the year summary over 20,000 persons and 100,000
 * records < 1 s on SQLite and PostgreSQL; an import of 50,000 registry rows < 10 s.
 * PostgreSQL: TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), in a throwaway schema.
 */
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { idCheckChar } from '../src/model/id-number.ts';
import { newId } from '../src/model/ids.ts';
import type { Kind } from '../src/model/kinds.ts';
import { OrgIndex, pingshanTree } from '../src/model/org.ts';
import type { SessionUser } from '../src/protocol/auth.ts';
import { runImport } from '../src/server/import/service.ts';
import { applyServerWrite, type ServerWriteChange } from '../src/server/replication/server-write.ts';
import { storeSummary } from '../src/server/reports/summary.ts';
import { PgStore } from '../src/server/storage/pg-store.ts';
import { SqliteStore } from '../src/server/storage/sqlite-store.ts';
import type { Store } from '../src/server/storage/store.ts';

const PG_URL = process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';
const tree = pingshanTree();
const org = new OrgIndex(tree);
const DISTRICT = '440310000000';
const communities = org.communitiesOf(DISTRICT);
const ADMIN: SessionUser = {
  id: 'bench',
  username: 'bench',
  displayName: 'bench',
  role: 'district_admin',
  unitId: DISTRICT,
  teamId: null,
};
const AT = '2023-01-01T00:00:00.000Z';
const base = () => ({ id: newId(), createdAt: AT, createdBy: 'bench', updatedAt: AT });

/** A valid, unique resident ID number for row n: 1,000 sequence numbers per birth day from 1950-01-01. */
function idNumber(n: number): string {
  const birth = new Date(Date.UTC(1950, 0, 1 + Math.floor(n / 1000)))
    .toISOString()
    .slice(0, 10)
    .replaceAll('-', '');
  const first17 = `440310${birth}${String(n % 1000).padStart(3, '0')}`;
  return first17 + idCheckChar(first17);
}
const sexOf = (id: string): '男' | '女' => (Number(id[16]) % 2 === 1 ? '男' : '女');
const day = (i: number): string => new Date(Date.UTC(2023, 0, 1 + (i % 365))).toISOString().slice(0, 10);

/** 20,000 persons and 100,000 records of 2023 (60k visits, 25k condolences, 5k needs, 5k steps, 5k activities). */
function dataset(): ServerWriteChange[] {
  const out: ServerWriteChange[] = [];
  const put = (kind: Kind, fields: Record<string, unknown> & { id: string }): void => {
    out.push({ kind, recordId: fields.id, op: 'put', fields });
  };
  const persons: { id: string; communityId: string }[] = [];
  for (let i = 0; i < 20_000; i++) {
    const idn = idNumber(i);
    const p = {
      ...base(),
      name: `对象${i}`,
      sex: sexOf(idn),
      idNumber: idn,
      mobile: null,
      address: '',
      communityId: communities[i % communities.length] ?? '',
      categories: ['退役士兵'],
      priorityFlags: [],
      contactTier: i % 10 === 0 ? '重点联系' : '普遍联系',
      householdNotes: '',
      status: '在册',
      receivedDate: i % 500 === 0 ? day(i) : null,
    };
    persons.push(p);
    put('person', p);
  }
  const person = (i: number) => persons[i % persons.length] ?? { id: '', communityId: '' };
  for (let i = 0; i < 60_000; i++) {
    const p = person(i * 13);
    put('visit', {
      ...base(),
      personId: p.id,
      communityId: p.communityId,
      date: day(i),
      visitors: '社工',
      campaign: i % 4 === 0 ? '常态化联系' : '大走访',
      trigger: null,
      method: '入户走访',
      situation: '',
      needsRaised: '',
      actionTaken: '',
      followUpDate: null,
      photos: [],
      gps: null,
    });
  }
  for (let i = 0; i < 25_000; i++) {
    const p = person(i * 17);
    put('condolence', {
      ...base(),
      personId: p.id,
      unitName: null,
      communityId: p.communityId,
      occasion: i % 2 ? '春节' : '八一',
      level: '社区',
      cashFen: 50_000,
      goods: '',
      goodsValueFen: 0,
      fundsSource: '',
      date: day(i),
      visitors: '社工',
      notes: '',
      photos: [],
    });
  }
  for (let i = 0; i < 5_000; i++) {
    const p = person(i * 19);
    const need = {
      ...base(),
      personId: p.id,
      communityId: p.communityId,
      category: '物质援助',
      urgency: '一般',
      description: '生活困难',
      status: i % 3 === 0 ? '已帮扶' : '登记',
      fundSource: i % 3 === 0 ? '坪山区退役军人关爱基金' : null,
      amountGrantedFen: i % 3 === 0 ? 200_000 : null,
      grantDate: i % 3 === 0 ? day(i + 5) : null,
      declineReason: null,
      followUpDate: null,
      openedDate: day(i),
      closedDate: null,
    };
    put('need', need);
    put('needStep', {
      ...base(),
      needId: need.id,
      personId: p.id,
      communityId: p.communityId,
      from: null,
      to: '登记',
      date: day(i),
      note: '',
      byName: '社工',
      fundSource: null,
      amountFen: null,
    });
  }
  const teams = tree.teams;
  for (let i = 0; i < 5_000; i++) {
    const t = teams[i % teams.length] ?? { id: '', unitId: '' };
    put('activity', {
      ...base(),
      teamId: t.id,
      unitId: t.unitId,
      theme: '文明出行',
      warmServiceKind: null,
      title: '活动',
      date: day(i),
      place: '广场',
      volunteerCount: 3,
      volunteerNames: [],
      hours: 2,
      peopleServed: 20,
      notes: '',
      photos: [],
    });
  }
  return out;
}

async function load(store: Store, changes: readonly ServerWriteChange[]): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < changes.length; i += 5_000)
    await applyServerWrite(store, ADMIN, changes.slice(i, i + 5_000));
  return performance.now() - t0;
}

function registryCsv(rows: number): Uint8Array {
  const lines = ['姓名,性别,身份证号,手机号,地址,所属社区,人员类别,联系等级,状态,接收日期'];
  for (let i = 0; i < rows; i++) {
    const id = idNumber(i);
    lines.push(
      `名册${i},${sexOf(id)},${id},13800000000,某路${i}号,${communities[i % communities.length]},退役士兵,普遍联系,在册,`,
    );
  }
  return new TextEncoder().encode(lines.join('\r\n'));
}

async function benchStore(name: string, store: Store): Promise<void> {
  await store.replaceOrg(tree);
  const data = dataset();
  const loadMs = await load(store, data);
  console.log(`  ${name}: loaded ${data.length} records in ${(loadMs / 1000).toFixed(1)} s`);
  const times: number[] = [];
  let visits = 0;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const s = await storeSummary(store, { from: '2023-01-01', to: '2023-12-31', unitId: DISTRICT }, org);
    times.push(performance.now() - t0);
    visits = s.visits;
  }
  const best = Math.min(...times);
  console.log(
    `  ${name}: year summary (district, 20,000 persons + 100,000 records): best ${best.toFixed(0)} ms of 3 (${times.map((t) => t.toFixed(0)).join(', ')}) — goal < 1000 ms ${best < 1000 ? 'MET' : 'MISSED'}; visits=${visits}`,
  );
  const t1 = performance.now();
  await storeSummary(store, { from: '2023-01-01', to: '2023-12-31', unitId: '440310001000' }, org);
  console.log(`  ${name}: year summary (one street): ${(performance.now() - t1).toFixed(0)} ms`);
  // Other years' records must cost (almost) nothing: the store reads only rows whose dates may count.
  const t2 = performance.now();
  await storeSummary(store, { from: '2024-01-01', to: '2024-12-31', unitId: DISTRICT }, org);
  console.log(
    `  ${name}: summary of 2024 (district; every record is of 2023): ${(performance.now() - t2).toFixed(0)} ms`,
  );
}

async function benchImport(name: string, store: Store): Promise<void> {
  await store.replaceOrg(tree);
  const bytes = registryCsv(50_000);
  const t0 = performance.now();
  const out = await runImport(store, ADMIN, bytes, 'registry.csv', { commit: true });
  const ms = performance.now() - t0;
  console.log(
    `  ${name}: import of 50,000 registry rows (${(bytes.length / 1024 / 1024).toFixed(1)} MB CSV): ${(ms / 1000).toFixed(1)} s — created ${out.create}, errors ${out.errorCount} — goal < 10 s ${ms < 10_000 && out.committed ? 'MET' : 'MISSED'}`,
  );
}

async function withPg(fn: (store: Store) => Promise<void>): Promise<void> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const store = await PgStore.open(PG_URL, { schema });
  try {
    await fn(store);
  } finally {
    await store.close();
    const c = new Client({ connectionString: PG_URL });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await c.end();
  }
}

export async function run(): Promise<void> {
  console.log('\n== Reports and import (bench/reports.ts) ==');
  const sqlite = SqliteStore.open(':memory:');
  await benchStore('SQLite', sqlite);
  await sqlite.close();
  try {
    await withPg((s) => benchStore('PostgreSQL', s));
  } catch (e) {
    console.log(`  PostgreSQL: skipped (${e instanceof Error ? e.message : String(e)})`);
  }
  const sqlite2 = SqliteStore.open(':memory:');
  await benchImport('SQLite', sqlite2);
  await sqlite2.close();
  try {
    await withPg((s) => benchImport('PostgreSQL', s));
  } catch (e) {
    console.log(`  PostgreSQL import: skipped (${e instanceof Error ? e.message : String(e)})`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await run();
