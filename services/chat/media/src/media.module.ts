import { Module } from '@nestjs/common';

/** Chat media's Nest module; its parts are wired by `serviceModule` in index.ts. */
@Module({})
export class MediaModule {}
