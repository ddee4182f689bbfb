import { SUMMARY_FIGURES, type ReportSummary } from '../../model/report.ts';
import { formatNumber } from './format.ts';

/**
 * The figures as one card per unit, for a phone: a 15-column table shows two or three columns on a 390 px
 * screen, a card shows every figure of its unit at once. The unit's total comes first; each child's name is a
 * button that drills into it. Same numbers as SummaryTable (which wide screens and exports keep); CSS shows
 * one of the two, so assistive tech meets the figures once.
 */
export function SummaryCards(props: {
  readonly summary: ReportSummary;
  readonly onDrill: (id: string) => void;
}) {
  const { summary, onDrill } = props;
  return (
    <ul class="report-cards" aria-label={`${summary.unit.name} ${summary.from} 至 ${summary.to}`}>
      <UnitCard summary={summary} title={`${summary.unit.name}（合计）`} />
      {summary.children.map((child) => (
        <UnitCard
          key={child.unit.id}
          summary={child}
          title={child.unit.name}
          onOpen={() => onDrill(child.unit.id)}
        />
      ))}
    </ul>
  );
}

function UnitCard(props: { summary: ReportSummary; title: string; onOpen?: () => void }) {
  const { summary, title, onOpen } = props;
  const headingId = `report-card-${summary.unit.id}${onOpen ? '' : '-total'}`;
  return (
    <li class="card report-card" aria-labelledby={headingId} data-unit-card={title}>
      <h3 id={headingId}>
        {onOpen ? (
          <button type="button" class="link-btn" onClick={onOpen}>
            {title}
          </button>
        ) : (
          title
        )}
      </h3>
      <dl>
        {SUMMARY_FIGURES.map(([key, label]) => (
          <div key={key}>
            <dt>{label}</dt>
            <dd>{formatNumber(summary[key])}</dd>
          </div>
        ))}
      </dl>
    </li>
  );
}
