import { Module } from '@nestjs/common';

/** The booking service's Nest module; its parts are wired by `serviceModule` in index.ts. */
@Module({})
export class BookingModule {}
