import { identityService } from '@coordina/identity';
import { notificationsService } from '@coordina/notifications';
import type { ServiceManifest } from '@coordina/platform';

/** Every service of the product, in boot order. The CLI is the only place that imports services' manifests. */
export const allServices: readonly ServiceManifest[] = [identityService, notificationsService];
