import { type AuthUser, CurrentUser, IdParams, zod } from '@coordina/platform';
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  CancelEventBody,
  CancelEventQuery,
  CatalogQuery,
  CreateEventBody,
  type EventAccepted,
  type EventCancelled,
  type EventPage,
  type EventView,
  UpdateEventBody,
} from '../contracts/event.dto';
import { EventCommandsService } from './event-commands.service';
import { EventEditsService } from './event-edits.service';
import { EventsQueryService } from './events-query.service';

@Controller('api/musicfest/events')
export class EventsController {
  constructor(
    private readonly queries: EventsQueryService,
    private readonly commands: EventCommandsService,
    private readonly edits: EventEditsService,
  ) {}

  @Get()
  catalog(@Query(zod(CatalogQuery)) q: CatalogQuery): Promise<EventPage> {
    return this.queries.catalog(q);
  }

  @Get(':id')
  detail(@Param(zod(IdParams)) p: { id: string }, @CurrentUser(true) user: AuthUser | undefined): Promise<EventView> {
    return this.queries.detail(p.id, user);
  }

  @Post()
  @HttpCode(202)
  create(@Body(zod(CreateEventBody)) body: CreateEventBody, @CurrentUser() user: AuthUser): Promise<EventAccepted> {
    return this.commands.create(user, body);
  }

  @Patch(':id')
  update(
    @Param(zod(IdParams)) p: { id: string },
    @Body(zod(UpdateEventBody)) body: UpdateEventBody,
    @CurrentUser() user: AuthUser,
  ): Promise<EventView> {
    return this.edits.update(user, p.id, body);
  }

  @Delete(':id')
  @HttpCode(202)
  cancel(
    @Param(zod(IdParams)) p: { id: string },
    @Query(zod(CancelEventQuery)) q: CancelEventQuery,
    @Body(zod(CancelEventBody)) body: CancelEventBody,
    @CurrentUser() user: AuthUser,
  ): Promise<EventCancelled> {
    return this.commands.cancel(user, p.id, body?.reason ?? q.reason);
  }
}
