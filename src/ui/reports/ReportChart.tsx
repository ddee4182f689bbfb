import { useEffect, useRef, useState } from 'preact/hooks';
import { SUMMARY_FIGURES, type ReportSummary } from '../../model/report.ts';
import { SelectField } from '../forms/fields.tsx';
import type { BarChart, BarData } from './bar-chart.ts';

type FigureKey = (typeof SUMMARY_FIGURES)[number][0];

/**
 * True when this browser can draw on a canvas. Hazard: jsdom and happy-dom have no canvas (getContext returns
 * null or is missing), and chart.js would throw there; the table carries every number anyway.
 */
export function canvasAvailable(): boolean {
  try {
    return document.createElement('canvas').getContext('2d') != null;
  } catch {
    return false;
  }
}

/**
 * A bar chart of one figure across the child units. chart.js is loaded on first use (dynamic import of
 * bar-chart.ts). The canvas is an image to assistive tech, named by its figure; the table above is its text
 * alternative. Nothing is drawn without children or without canvas support.
 */
export function ReportChart(props: { readonly summary: ReportSummary }) {
  const { summary } = props;
  const [figure, setFigure] = useState<FigureKey>('visits');
  const [failed, setFailed] = useState(false);
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<BarChart | null>(null);
  const [supported] = useState(canvasAvailable);

  const label = SUMMARY_FIGURES.find(([k]) => k === figure)?.[1] ?? '';
  const data: BarData = {
    labels: summary.children.map((c) => c.unit.name),
    label,
    values: summary.children.map((c) => c[figure]),
  };
  const show = supported && summary.children.length > 0;

  useEffect(() => {
    if (!show) return undefined;
    if (chart.current) {
      chart.current.update(data);
      return undefined;
    }
    let cancelled = false;
    const draw = async () => {
      try {
        const { drawBars } = await import('./bar-chart.ts');
        if (!cancelled && canvas.current) chart.current = drawBars(canvas.current, data);
      } catch {
        setFailed(true);
      }
    };
    void draw();
    return () => {
      cancelled = true;
    };
  });
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [show],
  );

  if (!show) return null;
  const alt = `柱状图：${summary.unit.name}各下级单位的${label}，具体数字见上方表格`;
  return (
    <section class="card stack" aria-labelledby="report-chart-heading">
      <h2 id="report-chart-heading">图表</h2>
      <SelectField
        name="report-figure"
        label="图表指标"
        value={figure}
        onValue={(v) => {
          const found = SUMMARY_FIGURES.find(([k]) => k === v);
          if (found) setFigure(found[0]);
        }}
        options={SUMMARY_FIGURES.map(([value, l]) => ({ value, label: l }))}
      />
      {failed ? (
        <p class="notice">图表未能加载，数据见上方表格。</p>
      ) : (
        <div class="report-chart">
          <canvas ref={canvas} role="img" aria-label={alt} />
        </div>
      )}
    </section>
  );
}
