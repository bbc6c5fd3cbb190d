import { pino, type Logger } from 'pino';
import type { Config } from './config.js';
import { logRedaction, requestSerializer } from './http/logging.js';

/**
 * One logger per context, shared by Fastify, the worker and the CLI. Human-readable lines when a
 * person is watching (stdout is a terminal), JSON lines otherwise (files, collectors, CI).
 */
export function createLogger(config: Pick<Config, 'logLevel'>, stream?: NodeJS.WritableStream): Logger {
  const options = {
    level: config.logLevel,
    redact: logRedaction,
    serializers: { req: requestSerializer },
  };
  if (stream) return pino(options, stream);
  if (process.stdout.isTTY && config.logLevel !== 'silent')
    return pino({ ...options, transport: { target: 'pino-pretty', options: { colorize: true } } });
  return pino(options);
}
