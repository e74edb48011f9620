import { SimpleGrid, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { paths } from '../../api/openapi';

export type ShippingAddress = NonNullable<
  paths['/api/gamevault/orders']['post']['requestBody']['content']['application/json']['shippingAddress']
>;
type Field = keyof ShippingAddress;

export const EMPTY_ADDRESS: ShippingAddress = {
  recipient: '',
  line1: '',
  district: '',
  city: 'Lima',
  region: 'Lima',
  phone: '',
  reference: '',
};
/** The API's rule for the courier's phone: a Peruvian mobile. */
const PHONE = /^9\d{8}$/;
const REQUIRED: readonly Field[] = ['recipient', 'line1', 'district', 'city', 'region', 'phone'];
const INPUTS: readonly [Field, string, number][] = [
  ['recipient', 'name', 120],
  ['line1', 'address-line1', 200],
  ['district', 'address-level3', 80],
  ['city', 'address-level2', 80],
  ['region', 'address-level1', 80],
  ['phone', 'tel-national', 11],
  ['reference', 'off', 200],
];

/** The address as the API takes it (trimmed; the reference left out when blank). */
export function addressBody(a: ShippingAddress): ShippingAddress {
  const reference = a.reference?.trim();
  return {
    recipient: a.recipient.trim(),
    line1: a.line1.trim(),
    district: a.district.trim(),
    city: a.city.trim(),
    region: a.region.trim(),
    phone: a.phone.replace(/[\s-]/g, ''),
    ...(reference ? { reference } : {}),
  };
}

/** The address's broken fields by the API's own rules, keyed as the API names them (`shippingAddress.phone`). */
export function addressRules(a: ShippingAddress): Record<string, string> {
  const broken: Record<string, string> = {};
  for (const f of REQUIRED) if (!a[f]?.trim()) broken[`shippingAddress.${f}`] = 'validation.required';
  if (a.phone.trim() && !PHONE.test(a.phone.replace(/[\s-]/g, '')))
    broken['shippingAddress.phone'] = 'gamevault.checkout.phoneRule';
  return broken;
}

/** Where a cart with physical products is shipped (the checkout's section). */
export function ShippingAddressFields(props: {
  value: ShippingAddress;
  onChange: (value: ShippingAddress) => void;
  error: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="shipping-address">
      <Title order={2} size="h4" id="shipping-address">
        {t('gamevault.checkout.address.title')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {INPUTS.map(([f, autoComplete, maxLength]) => (
          <TextInput
            key={f}
            label={t(`gamevault.checkout.address.${f}`)}
            name={`shippingAddress.${f}`}
            autoComplete={autoComplete}
            maxLength={maxLength}
            required={REQUIRED.includes(f)}
            {...(f === 'phone' ? { type: 'tel', inputMode: 'numeric' as const } : {})}
            value={props.value[f] ?? ''}
            error={props.error(`shippingAddress.${f}`)}
            onChange={(e) => props.onChange({ ...props.value, [f]: e.currentTarget.value })}
          />
        ))}
      </SimpleGrid>
    </section>
  );
}
