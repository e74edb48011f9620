import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

export interface LatencyPoint {
  /** Seconds since the epoch. */
  at: number;
  p95: number;
  threshold: number;
}

const P95 = '#3b5bdb';
const THRESHOLD = '#c92a2a';

/**
 * p95 latency against its threshold over time (uPlot, decision 0052), sized to its box. Loaded
 * lazily by the page that shows it; the same numbers are in the page's table, so for assistive
 * technology the chart is one named image.
 */
export default function LatencyChart(props: {
  label: string;
  points: LatencyPoint[];
  names: { p95: string; threshold: string };
}) {
  const box = useRef<HTMLDivElement>(null);
  const { label, points, names } = props;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const data: uPlot.AlignedData = [points.map((p) => p.at), points.map((p) => p.p95), points.map((p) => p.threshold)];
    const chart = new uPlot(
      {
        width: el.clientWidth || 600,
        height: 240,
        legend: { show: false },
        series: [
          {},
          { label: names.p95, stroke: P95, width: 2, points: { show: true } },
          { label: names.threshold, stroke: THRESHOLD, width: 1, dash: [6, 3], points: { show: false } },
        ],
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height: 240 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [points, names]);
  return (
    <figure style={{ margin: 0 }}>
      <div ref={box} role="img" aria-label={label} data-testid="latency-chart" style={{ width: '100%' }} />
      <figcaption>
        <span style={{ color: P95 }}>━</span> {names.p95} · <span style={{ color: THRESHOLD }}>┅</span>{' '}
        {names.threshold}
      </figcaption>
    </figure>
  );
}
