import { communityScenarios } from './community.scenarios';
import { distributed } from './harness';

communityScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', () => distributed());
