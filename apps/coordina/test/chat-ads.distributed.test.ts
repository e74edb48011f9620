import { chatAdsScenarios } from './chat-ads.scenarios';
import { distributed } from './harness';

chatAdsScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', () => distributed());
