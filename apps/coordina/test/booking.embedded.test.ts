import { bookingScenarios } from './booking.scenarios';
import { embedded } from './harness';

bookingScenarios('embedded: one process, PostgreSQL log', embedded);
