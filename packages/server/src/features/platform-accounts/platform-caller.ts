import type { FastifyRequest } from 'fastify';
import { platformActorOf, platformTokenOf } from '../platform/index.js';
import type { PlatformCaller } from './platform-account-service.js';

export const platformCallerOf = (request: FastifyRequest): PlatformCaller => ({
  tokenId: platformTokenOf(request).id,
  actor: platformActorOf(request),
  ip: request.ip,
});
