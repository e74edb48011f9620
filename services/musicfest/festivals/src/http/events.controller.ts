import { type AuthUser, CurrentUser, Endpoint, Input, type InputOf } from '@coordina/platform';
import { Controller } from '@nestjs/common';
import type { EventAccepted, EventCancelled, EventPage, EventView } from '../contracts/event.dto';
import { eventsRoutes } from '../contracts/events.routes';
import { EventCommandsService } from './event-commands.service';
import { EventEditsService } from './event-edits.service';
import { EventsQueryService } from './events-query.service';

@Controller()
export class EventsController {
  constructor(
    private readonly queries: EventsQueryService,
    private readonly commands: EventCommandsService,
    private readonly edits: EventEditsService,
  ) {}

  @Endpoint(eventsRoutes, 'GET /api/musicfest/events')
  catalog(@Input() { query }: InputOf<typeof eventsRoutes, 'GET /api/musicfest/events'>): Promise<EventPage> {
    return this.queries.catalog(query);
  }

  @Endpoint(eventsRoutes, 'GET /api/musicfest/events/:id')
  detail(
    @Input() { params }: InputOf<typeof eventsRoutes, 'GET /api/musicfest/events/:id'>,
    @CurrentUser(true) user: AuthUser | undefined,
  ): Promise<EventView> {
    return this.queries.detail(params.id, user);
  }

  @Endpoint(eventsRoutes, 'POST /api/musicfest/events')
  create(
    @Input() { body }: InputOf<typeof eventsRoutes, 'POST /api/musicfest/events'>,
    @CurrentUser() user: AuthUser,
  ): Promise<EventAccepted> {
    return this.commands.create(user, body);
  }

  @Endpoint(eventsRoutes, 'PATCH /api/musicfest/events/:id')
  update(
    @Input() { params, body }: InputOf<typeof eventsRoutes, 'PATCH /api/musicfest/events/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<EventView> {
    return this.edits.update(user, params.id, body);
  }

  @Endpoint(eventsRoutes, 'DELETE /api/musicfest/events/:id')
  cancel(
    @Input() { params, query, body }: InputOf<typeof eventsRoutes, 'DELETE /api/musicfest/events/:id'>,
    @CurrentUser() user: AuthUser,
  ): Promise<EventCancelled> {
    return this.commands.cancel(user, params.id, body?.reason ?? query.reason);
  }
}
