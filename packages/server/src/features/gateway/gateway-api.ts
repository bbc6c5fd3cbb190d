/**
 * One gateway mount: every request below `api.mount` is matched to a route rule (none: 404, never
 * forwarded), authenticated by the same core as the Cryptopay sandbox (authenticate.ts), then
 * forwarded to the upstream by @fastify/reply-from over a keep-alive undici pool, body byte for
 * byte, with Signet's signed identity headers (upstream-headers.ts). The upstream's answer is
 * streamed back as is; an unreachable upstream is a 502 envelope, no answer in time a 504.
 */
import { createSecretKey } from 'node:crypto';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HTTP_METHODS, type GatewayApi } from '../../platform/config-file.js';
import type { AppContext } from '../../platform/context.js';
import { ApiError, envelope, notFound } from '../../platform/http/errors.js';
import { keyAuthHook, keyAuthOf } from '../merchant-auth/index.js';
import { gatewayMetricsOf } from './gateway-metrics.js';
import { compileRules, matchRule, type CompiledRule } from './route-rules.js';
import { downstreamHeaders, upstreamHeaders, type ForwardedRequest } from './upstream-headers.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The route rule this gateway request fell under (set before the body is read). */
    gatewayRule: CompiledRule | null;
  }
}

/** `/orders/1?x=2` below the mount: the path and the query as sent (with its `?`, or ''). */
function splitBelowMount(url: string, mount: string): { path: string; query: string } {
  const below = url.slice(mount.length);
  const q = below.indexOf('?');
  return q === -1 ? { path: below, query: '' } : { path: below.slice(0, q), query: below.slice(q) };
}

const statusClass = (status: number) => `${Math.floor(status / 100)}xx`;

const isTimeout = (error: { statusCode?: number; code?: string; cause?: { code?: string } }) =>
  error.statusCode === 504 ||
  ['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'].includes(error.cause?.code ?? error.code ?? '');

export function gatewayApi(ctx: AppContext, api: GatewayApi) {
  return async function gatewayApiPlugin(app: FastifyInstance) {
    const runtime = keyAuthOf(app);
    const metrics = gatewayMetricsOf(ctx.metrics);
    const rules = compileRules(api.routes);
    const secret = createSecretKey(Buffer.from(api.secret, 'utf8'));
    const origin = api.upstream.origin;
    // The upstream's base path, without its trailing slash: `/internal` + `/orders/1`.
    const basePath = api.upstream.pathname.replace(/\/+$/, '');

    await app.register(
      async (scope) => {
        await scope.register(replyFrom, {
          base: origin,
          undici: {
            connections: api.connections,
            pipelining: 1,
            headersTimeout: api.timeoutMs,
            bodyTimeout: api.timeoutMs,
          },
          disableRequestLogging: true,
        });
        // Every body is kept as bytes (BodyMD5 is over them, and they are forwarded as they are);
        // none is parsed: what it means is the upstream's business.
        scope.removeAllContentTypeParsers();
        scope.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
          request.rawBody = body as Buffer;
          done(null, undefined);
        });
        scope.decorateRequest('gatewayRule', null);

        // Before the body is read: an unmatched or ambiguous path costs no upload and no key look-up.
        scope.addHook('onRequest', (request, _reply, done) => {
          const { path } = splitBelowMount(request.raw.url ?? '', api.mount);
          const match = matchRule(rules, request.method, path);
          if (match.kind === 'matched') {
            request.gatewayRule = match.rule;
            return done();
          }
          if (match.kind === 'unmatched')
            return done(notFound(`route ${request.method} ${api.mount}${path}`));
          done(
            new ApiError(400, 'bad_request', 'the path could be read more than one way', [
              { reason: match.why },
            ]),
          );
        });
        scope.addHook(
          'preValidation',
          keyAuthHook(
            ctx,
            runtime,
            (request) => request.gatewayRule!.permission,
            (_request, err) => {
              const reason = err instanceof ApiError ? (err.details[0]?.reason ?? err.code) : 'error';
              metrics.authFailures.inc({ api: api.name, reason: String(reason) });
            },
          ),
        );
        // Label sets resolved once per rule and status class, not hashed per request.
        const counters = new Map<string, ReturnType<typeof metrics.requests.labels>>();
        scope.addHook('onResponse', (request, reply, done) => {
          const rule = request.gatewayRule?.label ?? 'unmatched';
          const cls = statusClass(reply.statusCode);
          const key = `${cls} ${rule}`;
          let counter = counters.get(key);
          if (!counter) {
            counter = metrics.requests.labels({ api: api.name, rule, status_class: cls });
            counters.set(key, counter);
          }
          counter.inc();
          done();
        });
        const latencies = new Map(
          rules.map((r) => [r.label, metrics.upstreamLatency.labels({ api: api.name, rule: r.label })]),
        );

        const forward = (request: FastifyRequest, reply: FastifyReply) => {
          const { path, query } = splitBelowMount(request.raw.url ?? '', api.mount);
          const source = `${basePath}${path === '' ? '/' : path}`;
          // Exactly what undici sends: reply-from resolves `source` against the origin.
          const target = new URL(source, origin).pathname + query;
          const key = request.apiKey;
          const forwarded: ForwardedRequest = {
            method: request.method,
            target,
            requestId: request.id,
            clientIp: request.ip,
            timestamp: Math.floor(ctx.now().getTime() / 1000),
            protocol: request.protocol,
            host: request.headers.host,
            identity: key && {
              accountId: key.accountId,
              keyId: key.id,
              keyName: key.name,
              permissions: key.permissions,
            },
          };
          const rule = request.gatewayRule!.label;
          const contentType = request.headers['content-type'];
          const body = request.rawBody;
          const started = performance.now();
          return reply.from(source, {
            // The query as sent, not as URL would re-encode it.
            queryString: () => query.slice(1),
            ...(body && body.length > 0
              ? { body, contentType: contentType ?? 'application/octet-stream' }
              : {}),
            timeout: api.timeoutMs,
            // An upstream's 503 is the client's to see, not a reason for Signet to retry.
            retryDelay: () => null,
            rewriteRequestHeaders: (_request, headers) =>
              upstreamHeaders(headers, forwarded, {
                secret,
                forwardAuthorization: api.forwardAuthorization,
                contentType,
              }),
            rewriteHeaders: (headers) => downstreamHeaders(headers),
            onResponse: (_request, reply, res) => {
              latencies.get(rule)!.observe((performance.now() - started) / 1000);
              reply.send(res.stream);
            },
            onError: (reply, { error }) => {
              const timedOut = isTimeout(error as Parameters<typeof isTimeout>[0]);
              metrics.upstreamErrors.inc({ api: api.name, kind: timedOut ? 'timeout' : 'unreachable' });
              const cause = (error as { cause?: { code?: string } }).cause?.code;
              reply.request.log.warn(
                { api: api.name, upstream: origin, error: error.message, cause },
                timedOut ? 'upstream did not answer in time' : 'upstream unreachable',
              );
              reply
                .code(timedOut ? 504 : 502)
                .send(
                  envelope(
                    request.id,
                    timedOut ? 'gateway_timeout' : 'bad_gateway',
                    timedOut
                      ? `the upstream did not answer within ${api.timeoutMs} ms`
                      : 'the upstream could not be reached',
                  ),
                );
            },
          });
        };
        // '' is the mount itself (`/v1`), '/*' everything below it; matching is the rules' job.
        for (const url of ['', '/*'])
          scope.route({ method: [...HTTP_METHODS], url, schema: { hide: true }, handler: forward });
      },
      { prefix: api.mount },
    );
  };
}
