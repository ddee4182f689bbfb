import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { OrgIndex } from '../../model/org.ts';
import type { SessionUser } from '../../protocol/auth.ts';
import { ImportFileError } from '../import/errors.ts';
import { MAX_IMPORT_BYTES } from '../../protocol/import.ts';
import { MAX_IMPORT_ROWS } from '../import/limits.ts';
import { runImport } from '../import/service.ts';
import { openStore } from '../storage/open.ts';
import { ProtocolError } from '../../protocol/errors.ts';

const USAGE = `走访通 import — uses DATABASE_URL, else the SQLite file data/zoufang.sqlite

  npm run import -- FILE [--dry-run]

FILE: the registry (名册) as .csv (UTF-8 with or without BOM, GB18030) or .xlsx — columns 姓名, 身份证号,
所属社区 (name or code) required; 性别, 手机号, 地址, 人员类别, 重点优抚, 联系等级, 状态, 接收日期, 家庭情况 optional —
or historical records as .jsonl (one record per line with "kind": visit|condolence|need|needStep|activity,
the person by "personId" or "personIdNumber").
Limits: ${MAX_IMPORT_BYTES / 1024 / 1024} MB, ${MAX_IMPORT_ROWS} rows. A file with any error imports nothing.
Re-importing a file updates persons matched by ID number; it never duplicates.`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { 'dry-run': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  const file = positionals[0];
  if (values.help === true || file === undefined) {
    console.log(USAGE);
    return file === undefined && values.help !== true ? 2 : 0;
  }
  if (statSync(file).size > MAX_IMPORT_BYTES) {
    console.error(`文件超过 ${MAX_IMPORT_BYTES / 1024 / 1024} MB 上限，请拆分后分批导入`);
    return 2;
  }
  const bytes = new Uint8Array(readFileSync(file));
  const store = await openStore(process.env['DATABASE_URL']);
  try {
    const org = new OrgIndex(await store.getOrg());
    // The CLI acts as the district admin: whoever can run it has the database anyway. Audit names it.
    const actor: SessionUser = {
      id: 'cli-import',
      username: 'cli-import',
      displayName: '命令行导入',
      role: 'district_admin',
      unitId: org.root?.id ?? '',
      teamId: null,
    };
    const out = await runImport(store, actor, bytes, basename(file), {
      commit: values['dry-run'] !== true,
      audit: { userId: actor.id, address: 'cli' },
    });
    const what = out.kind === 'registry' ? '名册' : '历史记录';
    console.log(
      `${what}（${out.format}${out.encoding ? `，${out.encoding}` : ''}）：${out.rows} 行，新增 ${out.create}，更新 ${out.update}，未变 ${out.unchanged}，错误 ${out.errorCount}${(out.skipped ?? 0) > 0 ? `，跳过已删除 ${out.skipped}` : ''}`,
    );
    for (const e of out.errors)
      console.log(`  第 ${e.row} 行${e.column ? `「${e.column}」` : ''}：${e.message}`);
    for (const n of out.notices ?? []) console.log(`  第 ${n.row} 行：${n.message}`);
    if (out.errorCount > out.errors.length)
      console.log(`  ……另有 ${out.errorCount - out.errors.length} 处错误未列出`);
    if (out.errorCount > 0) {
      console.log('有错误，未导入任何数据。');
      return 1;
    }
    console.log(
      out.committed
        ? '已导入。'
        : values['dry-run'] === true
          ? '预览（--dry-run），未写入。'
          : '没有需要写入的变化。',
    );
    return 0;
  } finally {
    await store.close();
  }
}

try {
  process.exitCode = await main();
} catch (e: unknown) {
  if (e instanceof ImportFileError || e instanceof ProtocolError) console.error(e.message);
  else console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
}
