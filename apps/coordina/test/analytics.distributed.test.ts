import { analyticsScenarios } from './analytics.scenarios';
import { distributed } from './harness';

analyticsScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', () => distributed());
