import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type { EventPage } from '../contracts/event.dto';
import { eventsRoutes } from '../contracts/events.routes';
import { EventsQueryService } from './events-query.service';

@Controller()
export class ManagerEventsController {
  constructor(private readonly queries: EventsQueryService) {}

  @Endpoint(eventsRoutes, 'GET /api/musicfest/manager/events')
  mine(
    @Input() { query }: InputOf<typeof eventsRoutes, 'GET /api/musicfest/manager/events'>,
    @CurrentUser() user: AuthUser,
  ): Promise<EventPage> {
    return this.queries.forManager(user, query);
  }
}
