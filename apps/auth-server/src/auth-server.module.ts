import { Module } from '@nestjs/common';

/** Root module of auth-server's `api` listener. */
@Module({})
export class AuthServerModule {}
