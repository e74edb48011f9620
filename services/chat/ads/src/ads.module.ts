import { Module } from '@nestjs/common';

/** Chat ads' Nest module; its parts are wired by `serviceModule` in index.ts. */
@Module({})
export class AdsModule {}
