import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { signup, startTestApp, uniqueEmail, type TestApp } from '../../support/test-app.js';

/** The smallest SMTP server nodemailer will talk to: accepts one message at a time, keeps them. */
async function startSmtpSink() {
  const messages: { from: string; to: string[]; data: string }[] = [];
  const server = net.createServer((socket) => {
    let from = '';
    let to: string[] = [];
    let data: string[] | null = null;
    let buffer = '';
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        if (data) {
          if (line === '.') {
            messages.push({ from, to, data: data.join('\n') });
            data = null;
            to = [];
            socket.write('250 queued\r\n');
          } else data.push(line);
          continue;
        }
        const verb = line.slice(0, 4).toUpperCase();
        if (verb === 'MAIL') from = line;
        if (verb === 'RCPT') to.push(line);
        if (verb === 'DATA') data = [];
        const replies: Record<string, string> = {
          EHLO: '250 sink',
          HELO: '250 sink',
          DATA: '354 go ahead',
          QUIT: '221 bye',
        };
        socket.write(`${replies[verb] ?? '250 ok'}\r\n`);
        if (verb === 'QUIT') socket.end();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as net.AddressInfo).port, messages, close: () => server.close() };
}

let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
let t: TestApp;
beforeAll(async () => {
  smtp = await startSmtpSink();
  t = await startTestApp({
    SIGNET_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
    SIGNET_SMTP_FROM: 'Signet <signet@acme.test>',
    SIGNET_PUBLIC_URL: 'https://signet.acme.test',
  });
});
afterAll(async () => {
  await t.close();
  smtp.close();
});

it('with SMTP configured the invitation is e-mailed with its link, and still shown to the inviter', async () => {
  const root = await signup(t.app);
  const email = uniqueEmail('invitee');
  const res = await root.request('POST', '/invitations', { email, role: 'support' });
  expect(res.statusCode).toBe(201);
  const body = res.json();
  expect(body.emailed).toBe(true);
  expect(body.invitation_url).toMatch(/^https:\/\/signet\.acme\.test\/invite\/[A-Za-z0-9_-]{43}$/);
  expect(smtp.messages).toHaveLength(1);
  const [message] = smtp.messages;
  expect(message!.from).toContain('signet@acme.test');
  expect(message!.to.join()).toContain(email);
  expect(message!.data.replace(/=\r?\n/g, '')).toContain(body.invitation_url);
});
