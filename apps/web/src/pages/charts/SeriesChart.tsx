import 'uplot/dist/uPlot.min.css';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';

/** One line of a chart: its name (in the caption), colour, values (one per x), and a dash for reference lines. */
export interface Series {
  name: string;
  color: string;
  values: (number | null)[];
  dash?: boolean;
}

/**
 * Lines over time (uPlot, decision 0052), sized to its box. Loaded lazily by the page that
 * shows it; the same numbers are in the page's table, so for assistive technology the chart
 * is one named image with a caption naming its series.
 */
export default function SeriesChart(props: {
  label: string;
  /** Seconds since the epoch, ascending. */
  x: number[];
  series: Series[];
  testId?: string;
  height?: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const { label, x, series, testId, height = 240 } = props;
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const data: uPlot.AlignedData = [x, ...series.map((s) => s.values)];
    const chart = new uPlot(
      {
        width: el.clientWidth || 600,
        height,
        legend: { show: false },
        // One point alone: a day either side, not the years uPlot would span around it.
        ...(x.length === 1 && x[0] !== undefined
          ? { scales: { x: { time: true, auto: false, range: [x[0] - 86_400, x[0] + 86_400] } } }
          : {}),
        series: [
          {},
          ...series.map((s) => ({
            label: s.name,
            stroke: s.color,
            width: s.dash ? 1 : 2,
            ...(s.dash ? { dash: [6, 3] } : {}),
            points: { show: !s.dash },
          })),
        ],
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => chart.setSize({ width: el.clientWidth, height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
    };
  }, [x, series, height]);
  return (
    <figure style={{ margin: 0 }}>
      <div
        ref={box}
        role="img"
        aria-label={label}
        data-testid={testId}
        data-points={x.length}
        style={{ width: '100%' }}
      />
      <figcaption>
        {series.map((s, i) => (
          <span key={s.name}>
            {i > 0 && ' · '}
            <span style={{ color: s.color }}>{s.dash ? '┅' : '━'}</span> {s.name}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
