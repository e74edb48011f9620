import { Module } from '@nestjs/common';

/** The GameVault catalog's Nest module; its parts are wired by `serviceModule` in index.ts. */
@Module({})
export class CatalogModule {}
