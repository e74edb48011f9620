import { Module } from '@nestjs/common';

/** The identity service's Nest module; its parts are wired by `serviceModule` in index.ts. */
@Module({})
export class IdentityModule {}
