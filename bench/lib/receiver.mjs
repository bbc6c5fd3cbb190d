// A callback receiver on 127.0.0.1 (its own process, pinned to its own CPU): 200 "ok" to every POST.
// It notes when each POST arrived (epoch ms, sub-ms): `GET /stats?nth=K` answers
// {"count": POSTs so far, "nth_ms": when the K-th arrived, or null}, so the platform events part
// can time publish → receipt from outside the server.
// Prints {"port": n} once listening; exits when stdin closes.
import http from 'node:http';

const received = [];
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url.startsWith('/stats')) {
    const nth = Number(new URL(req.url, 'http://x').searchParams.get('nth'));
    const body = JSON.stringify({ count: received.length, nth_ms: received[nth - 1] ?? null });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(body.length) });
    return res.end(body);
  }
  req.resume();
  req.on('end', () => {
    received.push(performance.timeOrigin + performance.now());
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
    res.end('ok');
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.log(JSON.stringify({ port: server.address().port }));
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
