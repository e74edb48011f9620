import { gamevaultScenarios } from './gamevault.scenarios';
import { distributed } from './harness';

gamevaultScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', () => distributed());
