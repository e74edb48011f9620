import { catalogScenarios } from './catalog.scenarios';
import { distributed } from './harness';

catalogScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', () => distributed());
