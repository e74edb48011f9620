import { Module } from '@nestjs/common';

/** Chat channels' Nest module; its parts are wired by `serviceModule` in index.ts. */
@Module({})
export class ChannelsModule {}
