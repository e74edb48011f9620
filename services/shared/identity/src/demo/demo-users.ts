import type { Role } from '@coordina/platform';
import type { System } from '../contracts/access.events';

/**
 * The demo accounts the embedded default seeds (password: config.demoPassword). Their ids
 * are fixed so other services' seeds can reference them, e.g. the salon admin's salons.
 * `system`: the system the account belongs to (its access policy); InStudio when absent.
 */
export const DemoUsers = {
  client: {
    id: '6f1c2d3e-0001-4000-8000-000000000001',
    email: 'client@demo.coordina',
    name: 'Demo Client',
    roles: ['client'] as readonly Role[],
  },
  salonAdmin: {
    id: '6f1c2d3e-0002-4000-8000-000000000002',
    email: 'salon-admin@demo.coordina',
    name: 'Demo Salon Admin',
    roles: ['salon_admin'] as readonly Role[],
  },
  manager: {
    id: '6f1c2d3e-0004-4000-8000-000000000004',
    email: 'manager@demo.coordina',
    name: 'Demo Event Manager',
    roles: ['manager'] as readonly Role[],
    system: 'musicfest' as System,
  },
  buyer: {
    id: '6f1c2d3e-0005-4000-8000-000000000005',
    email: 'buyer@demo.coordina',
    name: 'Demo Buyer',
    roles: ['buyer'] as readonly Role[],
    system: 'gamevault' as System,
  },
  seller: {
    id: '6f1c2d3e-0006-4000-8000-000000000006',
    email: 'seller@demo.coordina',
    name: 'Demo Seller',
    roles: ['seller'] as readonly Role[],
    system: 'gamevault' as System,
  },
  advertiser: {
    id: '6f1c2d3e-0007-4000-8000-000000000007',
    email: 'advertiser@demo.coordina',
    name: 'Demo Advertiser',
    roles: ['advertiser'] as readonly Role[],
    system: 'chat' as System,
  },
  platformAdmin: {
    id: '6f1c2d3e-0003-4000-8000-000000000003',
    email: 'admin@demo.coordina',
    name: 'Demo Platform Admin',
    roles: ['platform_admin'] as readonly Role[],
  },
} as const;
