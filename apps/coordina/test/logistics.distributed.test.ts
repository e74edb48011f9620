import { distributed } from './harness';
import { logisticsScenarios } from './logistics.scenarios';

logisticsScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', () => distributed());
