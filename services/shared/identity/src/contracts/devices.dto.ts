import { IsoDateTime } from '@coordina/platform';
import { z } from 'zod';

/** A remembered device ("remember this device" at the 2FA step): its logins skip the code. */
export const DeviceView = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  createdAt: IsoDateTime,
  lastUsedAt: IsoDateTime.nullable(),
  expiresAt: IsoDateTime,
});
export type DeviceView = z.infer<typeof DeviceView>;

export const DeviceList = z.object({ items: z.array(DeviceView) });
export type DeviceList = z.infer<typeof DeviceList>;
