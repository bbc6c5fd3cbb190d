// The gateway benchmark's baseline: a bare Fastify app with @fastify/http-proxy (what a reverse proxy
// costs in Node with no authentication), in its own process, pinned to the server's CPU by run.mjs.
// GET /v1/<path> is forwarded to <upstream>/<path>, as Signet's gateway mounts the API at /v1.
// Input (argv[2], JSON): { upstream }. Prints {"port": n} once listening; exits when stdin closes.
import httpProxy from '@fastify/http-proxy';
import Fastify from 'fastify';

const { upstream } = JSON.parse(process.argv[2]);
const app = Fastify({ logger: false });
await app.register(httpProxy, { upstream, prefix: '/v1', rewritePrefix: '' });
await app.listen({ port: 0, host: '127.0.0.1' });
console.log(JSON.stringify({ port: app.server.address().port }));
process.stdin.on('end', () => void app.close().then(() => process.exit(0)));
process.stdin.resume();
