import { distributed } from './harness';
import { musicfestScenarios } from './musicfest.scenarios';

musicfestScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', (o) =>
  distributed(o),
);
