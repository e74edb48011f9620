import { authorizationMatrix } from './authz-matrix.scenarios';
import { embedded } from './harness';

// A thousand requests from one address and a few users: no rate limit in the way.
authorizationMatrix('embedded', () => embedded({ perIpPerMinute: 1_000_000, perUserPerMinute: 1_000_000 }));
