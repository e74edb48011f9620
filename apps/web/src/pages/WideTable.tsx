import { Table } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A table that scrolls sideways on a phone, in a region named `label` that the keyboard can
 * reach so it can scroll it too.
 */
export function WideTable({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe: scrollable-region-focusable)
    <section aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      <Table striped miw={minWidth}>
        {children}
      </Table>
    </section>
  );
}
