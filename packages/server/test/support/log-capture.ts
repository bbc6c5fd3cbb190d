import { Writable } from 'node:stream';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

/** What a test app wrote to its log, kept in memory: pass `stream` as the app's `logStream`. */
export interface CapturedLog {
  stream: Writable;
  /** Everything written so far. */
  readonly text: string;
  /** Each line written so far, parsed: the app logs one JSON object a line. */
  lines<T = Record<string, unknown>>(): T[];
}

/** A log sink for tests about what the logs hold (and, above all, what they must not). */
export function captureLog(): CapturedLog {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      text += chunk.toString('utf8');
      done();
    },
  });
  return {
    stream,
    get text() {
      return text;
    },
    lines<T>() {
      return text
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as T);
    },
  };
}

/** A test app whose log is kept in `log`. */
export interface LoggedTestApp extends TestApp {
  log: CapturedLog;
}

/** A test app logging (at info unless `env` says otherwise) into memory, for tests about the request log. */
export async function startLoggedTestApp(
  env: Record<string, string> = {},
  options: TestAppOptions = {},
): Promise<LoggedTestApp> {
  const log = captureLog();
  const t = await startTestApp({ SIGNET_LOG_LEVEL: 'info', ...env }, { ...options, logStream: log.stream });
  return Object.assign(t, { log });
}
