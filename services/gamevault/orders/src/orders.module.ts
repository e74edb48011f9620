import { Module } from '@nestjs/common';

/** GameVault's cart and orders Nest module; its parts are wired by `serviceModule` in index.ts. */
@Module({})
export class OrdersModule {}
