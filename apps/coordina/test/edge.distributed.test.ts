import { EDGE_PER_IP_PER_MINUTE, forwardingScenarios } from './edge.scenarios';
import { distributed } from './harness';

// Through nginx: the address nginx saw counts (it sets X-Forwarded-For), a forged header does not.
forwardingScenarios('distributed, through nginx', () => distributed({ perIpPerMinute: EDGE_PER_IP_PER_MINUTE }));
