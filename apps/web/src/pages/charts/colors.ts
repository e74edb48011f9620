/**
 * Colours for a chart's series in order, dark enough for text on white (the captions use them).
 * Apart from SeriesChart so a page can use them without loading the charting library.
 */
export const SERIES_COLORS = ['#3b5bdb', '#c92a2a', '#2f7a3a', '#a61e4d', '#862e9c', '#0b7285'] as const;
