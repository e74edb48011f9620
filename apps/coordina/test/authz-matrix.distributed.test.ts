import { authorizationMatrix } from './authz-matrix.scenarios';
import { distributed } from './harness';

// The same policy through nginx, two gateways and a process per service.
authorizationMatrix('distributed', () =>
  distributed({ perIpPerMinute: 1_000_000, env: { RATE_LIMIT_USER_PER_MINUTE: '1000000' } }),
);
