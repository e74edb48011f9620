import { distributed } from './harness';
import { lifecycleScenarios } from './lifecycle.scenarios';

lifecycleScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', () => distributed());
