import "server-only";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "@/lib/env";
import type { RenderedEmail } from "./render";

export interface OutgoingEmail extends RenderedEmail {
  to: string;
  /** Stable per outbox row: a mail server or the catcher can recognise a resend of the same attempt. */
  messageId: string;
}

export type SendEmail = (email: OutgoingEmail) => Promise<void>;

let transporter: { url: string; transport: Transporter } | null = null;

/** Sends through SMTP_URL with nodemailer; one pooled-less transport per URL, short timeouts so a down server fails fast. */
export const sendWithSmtp: SendEmail = async (email) => {
  const { SMTP_URL, MAIL_FROM } = env();
  if (transporter?.url !== SMTP_URL) {
    transporter = {
      url: SMTP_URL,
      transport: nodemailer.createTransport(SMTP_URL, { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 }),
    };
  }
  await transporter.transport.sendMail({
    from: MAIL_FROM,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    messageId: email.messageId,
  });
};
