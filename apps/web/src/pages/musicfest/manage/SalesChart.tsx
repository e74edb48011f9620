import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

/** One hour of sales: seconds since the epoch, tickets sold, money collected (currency units). */
export interface SalesHour {
  at: number;
  tickets: number;
  amount: number;
}

const TICKETS = '#3b5bdb';
const AMOUNT = '#2b8a3e';
const HEIGHT = 260;

/** An hour either side of the data, so a single hour of sales still has a width to draw in. */
function hoursAround(_: uPlot, min: number, max: number): uPlot.Range.MinMax {
  return [min - 3600, max + 3600];
}

/**
 * Tickets sold per hour (bars, left axis) and money collected per hour (line, right axis),
 * drawn by uPlot (decision 0052) and loaded lazily by the event's sales page. The same numbers
 * are in the page's table, so for assistive technology the chart is one named image.
 */
export default function SalesChart(props: {
  label: string;
  hours: SalesHour[];
  names: { tickets: string; amount: string };
  money: (amount: number) => string;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { label, hours, names, money } = props;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const bars = uPlot.paths.bars?.({ size: [0.6, 48] });
    const chart = new uPlot(
      {
        width: el.clientWidth || 600,
        height: HEIGHT,
        legend: { show: false },
        scales: { x: { time: true, range: hoursAround }, tickets: { range: (_, __, max) => [0, Math.max(1, max)] } },
        axes: [
          {},
          { scale: 'tickets' },
          { scale: 'amount', side: 1, grid: { show: false }, values: (_, ticks) => ticks.map(money) },
        ],
        series: [
          {},
          {
            label: names.tickets,
            scale: 'tickets',
            stroke: TICKETS,
            fill: `${TICKETS}55`,
            paths: bars,
            points: { show: false },
          },
          { label: names.amount, scale: 'amount', stroke: AMOUNT, width: 2, points: { show: true } },
        ],
      },
      [hours.map((h) => h.at), hours.map((h) => h.tickets), hours.map((h) => h.amount)],
      el,
    );
    const observer = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: HEIGHT }));
    observer.observe(el);
    return () => {
      observer.disconnect();
      chart.destroy();
    };
  }, [hours, names, money]);
  return (
    <figure style={{ margin: 0 }}>
      <div ref={box} role="img" aria-label={label} data-testid="sales-chart" style={{ width: '100%' }} />
      <figcaption>
        <span style={{ color: TICKETS }}>▮</span> {names.tickets} · <span style={{ color: AMOUNT }}>━</span>{' '}
        {names.amount}
      </figcaption>
    </figure>
  );
}
