import { chatRealtimeScenarios } from './chat-realtime.scenarios';
import { distributed } from './harness';

// Presence refreshed every 2 s and stale after 10 s: a killed gateway's users are told offline within seconds.
const presence = { CHAT_PRESENCE_REFRESH_MS: '2000', CHAT_PRESENCE_STALE_MS: '10000', CHAT_PRESENCE_SWEEP_MS: '1000' };

chatRealtimeScenarios(
  'distributed: two gateways behind nginx, Redis user channels, Kafka',
  () => distributed({ env: presence }),
  { gatewayKill: true },
);
