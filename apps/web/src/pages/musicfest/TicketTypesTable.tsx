import { Table } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { paths } from '../../api/openapi';
import { isUuid } from '../../api/validate';
import { money } from '../../format';
import { WideTable } from '../WideTable';

export type FestivalEvent = paths['/api/musicfest/events/{id}']['get']['responses'][200]['content']['application/json'];
type TicketType = FestivalEvent['ticketTypes'][number];

/** An event with its ticket types (GET /api/musicfest/events/{id}); null when the API says 404. */
export function useFestivalEvent(id: string, refetchInterval?: (status: FestivalEvent['status']) => number | false) {
  return useQuery({
    queryKey: ['event', id],
    enabled: isUuid(id),
    refetchInterval: (q) => (q.state.data && refetchInterval ? refetchInterval(q.state.data.status) : false),
    queryFn: async () => {
      const { data, error, response } = await api.GET('/api/musicfest/events/{id}', { params: { path: { id } } });
      if (response.status === 404) return null;
      if (error) throw error;
      return data;
    },
  });
}

/** A column a page adds to the ticket types' table (the buyer's quantity, the manager's seats). */
export interface ExtraColumn {
  header: string;
  cell: (tt: TicketType) => ReactNode;
}

/** An event's ticket types: price, discount, what the buyer pays, commission, seats left, and the page's own columns. */
export function TicketTypesTable(props: {
  event: FestivalEvent;
  label: string;
  minWidth: number;
  extra?: ExtraColumn[];
  /** The final price's header when the reader is not the buyer. */
  finalPrice?: string;
}) {
  const { t } = useTranslation();
  const { event: e, extra = [] } = props;
  return (
    <WideTable label={props.label} minWidth={props.minWidth}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('event.type')}</Table.Th>
          <Table.Th>{t('event.price')}</Table.Th>
          <Table.Th>{t('event.discount')}</Table.Th>
          <Table.Th>{props.finalPrice ?? t('event.finalPrice')}</Table.Th>
          <Table.Th>{t('event.commission')}</Table.Th>
          <Table.Th>{t('event.seatsLeft')}</Table.Th>
          {extra.map((c) => (
            <Table.Th key={c.header}>{c.header}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {e.ticketTypes.map((tt) => (
          <Table.Tr key={tt.id}>
            <Table.Td>{tt.name}</Table.Td>
            <Table.Td>{money(tt.price, e.currency)}</Table.Td>
            <Table.Td>{tt.discountPercent}%</Table.Td>
            <Table.Td>{money(tt.finalPrice, e.currency)}</Table.Td>
            <Table.Td>{money(tt.commission, e.currency)}</Table.Td>
            <Table.Td>{tt.seatsLeft}</Table.Td>
            {extra.map((c) => (
              <Table.Td key={c.header}>{c.cell(tt)}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </WideTable>
  );
}
