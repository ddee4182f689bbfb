import { parseArgs } from 'node:util';
import { OrgIndex } from '../../model/org.ts';
import { checkPeriod } from '../../model/report-period.ts';
import { storeSummary } from '../reports/summary.ts';
import { openStore } from '../storage/open.ts';

const USAGE = `走访通 report — prints the summary JSON of GET /api/reports/summary
uses DATABASE_URL, else the SQLite file data/zoufang.sqlite

  npm run report -- --from YYYY-MM-DD --to YYYY-MM-DD [--unit ID]   (default unit: the district)`;

/** Exit codes: 0 printed, 2 bad arguments (message on stderr), 1 anything else. */
async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      from: { type: 'string' },
      to: { type: 'string' },
      unit: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  const period = checkPeriod(values.from, values.to);
  if (!period.ok) {
    console.error(`${period.message}\n\n${USAGE}`);
    return 2;
  }
  const store = await openStore(process.env['DATABASE_URL']);
  try {
    const org = new OrgIndex(await store.getOrg());
    if (!org.root) {
      console.error(
        [
          '这个数据库还没有组织架构（区、街道、社区），所以没有可统计的单位。',
          '先建立组织架构，再导入数据、统计：',
          '  演示：npm start（首次启动时写入坪山区的演示组织架构和账号）',
          '  正式部署：npm run admin -- org import 组织架构.json',
          `当前数据库：${process.env['DATABASE_URL'] ? 'DATABASE_URL 指向的 PostgreSQL' : 'data/zoufang.sqlite'}`,
        ].join('\n'),
      );
      return 2;
    }
    const unitId = values.unit ?? org.root.id;
    if (!org.byId.has(unitId)) {
      console.error(`未知的单位 ${unitId}：npm run admin -- org export 可列出各单位的代码`);
      return 2;
    }
    const summary = await storeSummary(store, { ...period.period, unitId }, org);
    console.log(JSON.stringify(summary, null, 2));
    return 0;
  } finally {
    await store.close();
  }
}

try {
  process.exitCode = await main();
} catch (e: unknown) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
