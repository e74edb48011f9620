import { Module } from '@nestjs/common';

/** GameVault logistics' Nest module; its parts are wired by `serviceModule` in index.ts. */
@Module({})
export class LogisticsModule {}
