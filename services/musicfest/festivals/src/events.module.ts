import { Module } from '@nestjs/common';

/** The musicfest-festivals service's Nest module; its parts are wired by `serviceModule` in index.ts. */
@Module({})
export class EventsModule {}
