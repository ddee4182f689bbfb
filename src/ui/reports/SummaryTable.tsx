import { LEVEL_LABELS } from '../../model/org.ts';
import { SUMMARY_FIGURES, type ReportSummary } from '../../model/report.ts';
import { formatNumber } from './format.ts';

/**
 * The figures (SUMMARY_FIGURES) of a unit — its total first — and of each child unit, one row each. A child's
 * name is a button: choosing it (or its row) drills into that unit. This table is also the chart's text
 * alternative, so it always holds every number the chart draws.
 */
export function SummaryTable(props: {
  readonly summary: ReportSummary;
  readonly onDrill: (id: string) => void;
}) {
  const { summary, onDrill } = props;
  const childLevel = summary.children[0]?.unit.level;
  return (
    <div class="report-table-wrap" role="region" aria-labelledby="report-table-caption" tabIndex={0}>
      <table class="report-table">
        <caption id="report-table-caption">
          {summary.unit.name} {summary.from} 至 {summary.to}
          {childLevel ? `（含各${LEVEL_LABELS[childLevel]}）` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">单位</th>
            {SUMMARY_FIGURES.map(([key, label]) => (
              <th key={key} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          <tr class="report-total">
            <th scope="row">{summary.unit.name}（合计）</th>
            {SUMMARY_FIGURES.map(([key]) => (
              <td key={key}>{formatNumber(summary[key])}</td>
            ))}
          </tr>
          {summary.children.map((child) => (
            <tr key={child.unit.id} class="report-child" onClick={() => onDrill(child.unit.id)}>
              <th scope="row">
                <button
                  type="button"
                  class="link-btn"
                  onClick={(e) => {
                    // The row's own handler drills in too: once is enough.
                    e.stopPropagation();
                    onDrill(child.unit.id);
                  }}
                >
                  {child.unit.name}
                </button>
              </th>
              {SUMMARY_FIGURES.map(([key]) => (
                <td key={key}>{formatNumber(child[key])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
