import { chatRealtimeScenarios } from './chat-realtime.scenarios';
import { distributed } from './harness';

chatRealtimeScenarios('distributed: two gateways behind nginx, Redis user channels, Kafka', () => distributed());
