import { type AuthUser, CurrentUser, zod } from '@coordina/platform';
import { Controller, Get, Query } from '@nestjs/common';
import { type EventPage, ManagerEventsQuery } from '../contracts/event.dto';
import { EventsQueryService } from './events-query.service';

@Controller('api/musicfest/manager/events')
export class ManagerEventsController {
  constructor(private readonly queries: EventsQueryService) {}

  @Get()
  mine(@Query(zod(ManagerEventsQuery)) q: ManagerEventsQuery, @CurrentUser() user: AuthUser): Promise<EventPage> {
    return this.queries.forManager(user, q);
  }
}
