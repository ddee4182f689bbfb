import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip } from 'chart.js';

/**
 * The only module that imports chart.js. It is loaded with a dynamic import by ReportChart, so chart.js sits
 * in its own lazy chunk, never in the first screen. Only the parts a bar chart needs are registered (the rest
 * of chart.js is tree-shaken away).
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

export interface BarData {
  readonly labels: readonly string[];
  /** The series name (the figure's label, e.g. 走访（人次）). */
  readonly label: string;
  readonly values: readonly number[];
}

export interface BarChart {
  update(data: BarData): void;
  destroy(): void;
}

export function drawBars(canvas: HTMLCanvasElement, data: BarData): BarChart {
  const chart = new Chart(canvas, {
    type: 'bar',
    data: {
      labels: [...data.labels],
      datasets: [{ label: data.label, data: [...data.values], backgroundColor: '#b71c1c' }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      // Screen readers get the table (the canvas has role="img" and a label); no animation to wait for.
      animation: false,
      // Most figures are counts (人次, 场): no 0.5 steps on the axis.
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
  return {
    update(next) {
      chart.data.labels = [...next.labels];
      const set = chart.data.datasets[0];
      if (set) {
        set.label = next.label;
        set.data = [...next.values];
      }
      chart.update();
    },
    destroy() {
      chart.destroy();
    },
  };
}
