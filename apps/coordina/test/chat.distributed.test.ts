import { chatScenarios } from './chat.scenarios';
import { distributed } from './harness';

chatScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', () => distributed());
