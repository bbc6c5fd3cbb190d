// A callback receiver on 127.0.0.1 (its own process, pinned to its own CPU): 200 "ok" to every POST.
// Prints {"port": n} once listening; exits when stdin closes.
import http from 'node:http';

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
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
