import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { OrgIndex, pingshanTree } from '../../src/model/org.ts';
import type { Person } from '../../src/model/records/person.ts';
import { ImportFileError } from '../../src/server/import/errors.ts';
import { MAX_IMPORT_BYTES } from '../../src/protocol/import.ts';
import { readTable } from '../../src/server/import/read-table.ts';
import { planRegistryImport, type RegistryContext } from '../../src/server/import/registry.ts';
import { idNumberFor } from '../model/report-fixtures.ts';

const org = new OrgIndex(pingshanTree());
const ID1 = '34052419800101001X';
const ID2 = idNumberFor(3); // male
const HEADER = '姓名,性别,身份证号,手机号,地址,所属社区,人员类别,联系等级,状态,接收日期';
const enc = new TextEncoder();

function ctx(existing: Person[] = []): RegistryContext {
  let n = 0;
  return {
    org,
    existing: new Map(existing.map((p) => [p.idNumber, p])),
    actorId: 'admin',
    now: '2026-11-28T00:00:00.000Z',
    makeId: () => `00000000-0000-7000-8000-${String(++n).padStart(12, '0')}`,
  };
}

async function plan(bytes: Uint8Array, existing: Person[] = [], name = 'registry.csv') {
  return planRegistryImport(await readTable(bytes, name), ctx(existing));
}

const good = [
  HEADER,
  `张建国,男,${ID1},13812341234,六联社区某路1号,六联社区,退役士兵、残疾军人,重点联系,在册,2023-03-20`,
  `李四,,${ID2},,,440310002001,离退休干部/退休士官,,,`,
].join('\r\n');

describe('registry import', () => {
  it('reads UTF-8 with and without BOM and GB18030 to the same plan', async () => {
    const a = await plan(enc.encode(good));
    const b = await plan(enc.encode(`\uFEFF${good}`));
    const c = await plan(new Uint8Array(iconv.encode(good, 'gb18030')));
    for (const p of [a, b, c]) {
      expect(p.errors).toEqual([]);
      expect(p.creates.map((x) => [x.name, x.communityId, x.categories, x.contactTier])).toEqual([
        ['张建国', '440310001001', ['退役士兵', '残疾军人'], '重点联系'],
        ['李四', '440310002001', ['离退休干部/退休士官'], '普遍联系'],
      ]);
    }
    expect(a.creates[0]).toMatchObject({
      receivedDate: '2023-03-20',
      mobile: '13812341234',
      sex: '男',
      status: '在册',
    });
  });

  it('reads XLSX, turning date cells into dates and refusing formula cells', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(HEADER.split(','));
    ws.addRow([
      '张建国',
      '男',
      ID1,
      '13812341234',
      '',
      '六联',
      '退役士兵',
      '',
      '',
      new Date(Date.UTC(2023, 9, 15)),
    ]);
    ws.addRow([
      { formula: 'HYPERLINK("http://evil","点我")', result: '点我' },
      '男',
      ID2,
      '',
      '',
      '六联',
      '',
      '',
      '',
      '',
    ]);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    const p = await plan(bytes, [], 'r.xlsx');
    expect(p.creates.map((x) => [x.name, x.receivedDate])).toEqual([['张建国', '2023-10-15']]);
    expect(p.errors).toEqual([{ row: 3, column: '姓名', message: expect.stringContaining('单元格含公式') }]);
  });

  it('reports each bad row by row and column', async () => {
    const bad = [
      HEADER,
      `张三,男,340524198001010010,,,六联社区,,,,`,
      `,男,${ID2},,,六联社区,,,,`,
      `王五,男,${ID1},,,六联社区,,,,`,
      `王五,男,${ID1},,,六联社区,,,,`,
      `赵六,男,${idNumberFor(4)},,,火星社区,,,,`,
      `"=HYPERLINK(""http://x"",""y"")",男,${idNumberFor(5)},,,六联社区,,,,`,
      `钱七,男,${idNumberFor(7)},12345,,六联社区,,,,`,
      `孙八,男,${idNumberFor(9)},,,六联社区,,,,2023-02-30`,
    ].join('\n');
    const p = await plan(enc.encode(bad));
    expect(p.errors).toEqual([
      { row: 2, column: '身份证号', message: '身份证号校验位不正确，请核对' },
      { row: 3, column: '姓名', message: '姓名不能为空' },
      { row: 5, column: '身份证号', message: '身份证号与第 4 行重复' },
      { row: 6, column: '所属社区', message: '未知的社区“火星社区”' },
      { row: 6, column: '性别', message: '性别与身份证号不符' },
      { row: 7, column: '姓名', message: '内容以 = + - @ 开头，疑似公式注入，已拒绝' },
      { row: 8, column: '手机号', message: '手机号应为11位，以13–19开头' },
      { row: 9, column: '接收日期', message: '接收日期应为 YYYY-MM-DD 且真实存在' },
    ]);
    expect(p.errorCount).toBe(8);
    expect(p.creates.map((x) => x.name)).toEqual(['王五']);
  });

  it('updates a person matched by ID number instead of creating a second one, and counts unchanged rows', async () => {
    const first = await plan(enc.encode(good));
    const again = await plan(enc.encode(good), first.creates);
    expect([again.creates.length, again.updates.length, again.unchanged]).toEqual([0, 0, 2]);
    const edited = good
      .replace('六联社区某路1号', '六联社区新路2号')
      .replace(',,,440310002001', ',,,440310002001');
    const third = await plan(enc.encode(edited), first.creates);
    expect(third.updates).toHaveLength(1);
    expect(third.updates[0]?.before.id).toBe(first.creates[0]?.id);
    expect(third.updates[0]?.fields).toEqual({
      address: '六联社区新路2号',
      updatedAt: '2026-11-28T00:00:00.000Z',
    });
  });

  it('leaves a stored value alone when the cell is empty', async () => {
    const first = await plan(enc.encode(good));
    const blanked = [HEADER, `张建国,男,${ID1},,,六联社区,,,,`].join('\n');
    const p = await plan(enc.encode(blanked), first.creates);
    expect(p.unchanged).toBe(1);
  });

  it('refuses a CSV whose quotes do not pair', async () => {
    await expect(plan(enc.encode(`${HEADER}\n"张三,男`))).rejects.toMatchObject({ reason: 'bad_format' });
  });

  it('refuses a file without the required columns, naming them', async () => {
    await expect(plan(enc.encode('名字,身份证\n张三,x'))).rejects.toMatchObject({
      name: 'ImportFileError',
      reason: 'missing_columns',
      message: '缺少必需的列：姓名、所属社区',
    });
  });

  it('refuses an oversized, empty, old-Excel or broken XLSX file with a clear reason', async () => {
    await expect(readTable(new Uint8Array(MAX_IMPORT_BYTES + 1))).rejects.toMatchObject({
      reason: 'too_large',
    });
    await expect(readTable(new Uint8Array())).rejects.toMatchObject({ reason: 'empty' });
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0, 0, 0]);
    await expect(readTable(ole)).rejects.toMatchObject({ reason: 'bad_format' });
    const brokenZip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    await expect(readTable(brokenZip, 'x.xlsx')).rejects.toBeInstanceOf(ImportFileError);
    await expect(readTable(enc.encode('not a spreadsheet'), 'x.xlsx')).rejects.toMatchObject({
      reason: 'bad_format',
    });
  });
});
