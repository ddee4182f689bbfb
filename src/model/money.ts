export type MoneyResult = { ok: true; fen: number } | { ok: false; message: string };

/** Largest amount accepted on one record: 10 million yuan. Anything above is a typing error. */
export const MAX_FEN = 10_000_000_00;

/** Yuan as typed (`1234.5`, `1,234.50`, `￥30`) → integer fen. At most 2 decimals; never floating point. */
export function parseYuan(input: string): MoneyResult {
  const s = input
    .trim()
    .replace(/^[￥¥]/, '')
    .replace(/,/g, '');
  if (s === '') return { ok: false, message: '请填写金额' };
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) {
    return /^\d+\.\d{3,}$/.test(s)
      ? { ok: false, message: '金额最多保留两位小数' }
      : { ok: false, message: '金额应为不小于0的数字，如 500 或 500.50' };
  }
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (fen > MAX_FEN) return { ok: false, message: '金额过大，请核对' };
  return { ok: true, fen };
}

/** 123456 fen → "1234.56". */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(fen));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
