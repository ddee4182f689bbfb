import { ChoiceGroup, TextField } from '../forms/fields.tsx';
import { PRESETS, type PresetId } from './period-presets.ts';

export interface PeriodPickerProps {
  readonly preset: PresetId;
  readonly onPreset: (id: PresetId) => void;
  readonly from: string;
  readonly to: string;
  readonly onFrom: (v: string) => void;
  readonly onTo: (v: string) => void;
  /** The period check's message (bad date, 开始日期晚于结束日期): shown beside the dates, never lost input. */
  readonly error: string | null;
}

/** 统计期间: a preset (本年, 上年, 本季度, 本月) or 自定义 from/to dates, both ends included. */
export function PeriodPicker(p: PeriodPickerProps) {
  const label = PRESETS.find((x) => x.id === p.preset)?.label ?? '';
  const pick = (l: string) => {
    const found = PRESETS.find((x) => x.label === l);
    if (found) p.onPreset(found.id);
  };
  return (
    <section class="card stack" aria-labelledby="report-period-heading">
      <h2 id="report-period-heading">统计期间</h2>
      <ChoiceGroup
        name="report-preset"
        label="期间"
        value={label}
        onValue={pick}
        options={PRESETS.map((x) => x.label)}
      />
      <div class="report-dates">
        <TextField name="report-from" label="开始日期" type="date" value={p.from} onValue={p.onFrom} />
        <TextField
          name="report-to"
          label="结束日期"
          type="date"
          value={p.to}
          onValue={p.onTo}
          hint="含首尾两天；每条记录按自身日期（走访日期、慰问日期、活动日期、发放日期）计入。"
          error={p.error ?? undefined}
        />
      </div>
    </section>
  );
}
