import { bookingScenarios } from './booking.scenarios';
import { distributed } from './harness';

bookingScenarios('distributed: a process per service, Kafka, Redis, two gateways behind nginx', () => distributed());
