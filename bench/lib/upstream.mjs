// The gateway benchmark's upstream: a tiny node:http server on 127.0.0.1 (its own process, pinned to
// its own CPU by run.mjs), keep-alive. GET /orders/<id> answers 200 with a small fixed JSON body;
// GET /orders/_echo answers with the request as it arrived (method, url, headers), so run.mjs can
// check what a proxy forwarded before it measures; anything else is 404.
// Prints {"port": n} once listening; exits when stdin closes.
import http from 'node:http';

const BODY = Buffer.from(
  JSON.stringify({ id: '123', status: 'paid', amount: '10.00', currency: 'EUR', items: 2 }),
);
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

const server = http.createServer((req, res) => {
  const reply = (status, body) => {
    res.writeHead(status, { ...JSON_HEADERS, 'content-length': String(body.length) });
    res.end(body);
  };
  req.resume();
  if (req.method === 'GET' && req.url === '/orders/_echo') {
    const echo = { method: req.method, url: req.url, headers: req.headers };
    return reply(200, Buffer.from(JSON.stringify(echo)));
  }
  if (req.method === 'GET' && /^\/orders\/[^/?]+$/.test(req.url)) return reply(200, BODY);
  return reply(404, Buffer.from('{"error":"not found"}'));
});
// Longer than any client's idle time, so connections stay open between runs.
server.keepAliveTimeout = 120_000;
server.headersTimeout = 125_000;
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
