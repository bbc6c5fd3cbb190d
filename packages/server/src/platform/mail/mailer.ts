import nodemailer from 'nodemailer';

export interface Mailer {
  /** Resolves true when the message was handed to the SMTP server, false when no SMTP is configured. */
  send(to: string, subject: string, text: string): Promise<boolean>;
}

export function createMailer(smtpUrl: string | undefined, from: string): Mailer {
  if (!smtpUrl) return { send: async () => false };
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(to, subject, text) {
      await transport.sendMail({ from, to, subject, text });
      return true;
    },
  };
}
