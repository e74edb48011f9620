import { Module } from '@nestjs/common';

/** GameVault community's Nest module; its parts are wired by `serviceModule` in index.ts. */
@Module({})
export class CommunityModule {}
