import { describe, expect, it } from 'vitest';
import { BOM, cellValue, digitText, isFormulaLike, neutraliseFormula, toCsv } from '../../src/model/csv.ts';
import { checkPeriod, periodContaining } from '../../src/model/report-period.ts';

describe('CSV for Excel', () => {
  it('starts with a byte-order mark and ends lines with CRLF', () => {
    const csv = toCsv(['姓名', '人次'], [['张三', 3]]);
    expect(csv).toBe(`${BOM}姓名,人次\r\n张三,3\r\n`);
  });

  it('quotes commas, quotes and line breaks', () => {
    expect(toCsv(['a'], [['x,"y"\nz']], { bom: false })).toBe('a\r\n"x,""y""\nz"\r\n');
  });

  it('neutralises formula injection in text cells but leaves numbers alone', () => {
    for (const s of ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\t=1']) {
      expect(isFormulaLike(s)).toBe(true);
      expect(neutraliseFormula(s)).toBe(`'${s}`);
    }
    expect(toCsv(['n', 't'], [[-5, '=1+1']], { bom: false })).toBe("n,t\r\n-5,'=1+1\r\n");
    expect(neutraliseFormula('张三')).toBe('张三');
  });

  it('writes ID numbers, mobiles and unit codes so that Excel and WPS keep every digit as text', () => {
    const csv = toCsv(
      ['身份证号', '手机号', '掩码', '代码'],
      [
        [
          digitText('34052419800101001X'),
          digitText('13800138000'),
          digitText('340524********001X'),
          digitText('440310001001'),
        ],
      ],
      { bom: false },
    );
    expect(csv.split('\r\n')[1]).toBe('\t34052419800101001X,\t13800138000,340524********001X,\t440310001001');
    // Only digits follow the tab: anything else is ordinary text, neutralised as usual.
    expect(toCsv(['x'], [[digitText('=1+1')]], { bom: false })).toBe("x\r\n'=1+1\r\n");
    expect(cellValue(digitText('440310001001'))).toBe('440310001001');
  });
});

describe('report periods', () => {
  it('finds the year, quarter and month containing a day', () => {
    expect(periodContaining('year', '2024-02-29')).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(periodContaining('quarter', '2024-02-29')).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(periodContaining('quarter', '2024-12-01')).toEqual({ from: '2024-10-01', to: '2024-12-31' });
    expect(periodContaining('month', '2024-02-03')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
  });

  it('refuses bad dates and a period that ends before it starts', () => {
    expect(checkPeriod('2023-01-01', '2023-12-31')).toEqual({
      ok: true,
      period: { from: '2023-01-01', to: '2023-12-31' },
    });
    expect(checkPeriod('2023-02-30', '2023-12-31').ok).toBe(false);
    expect(checkPeriod('2023-1-1', '2023-12-31').ok).toBe(false);
    expect(checkPeriod(undefined, '2023-12-31').ok).toBe(false);
    expect(checkPeriod('2023-12-31', '2023-01-01')).toEqual({
      ok: false,
      message: '开始日期 2023-12-31 晚于结束日期 2023-01-01',
    });
  });
});
