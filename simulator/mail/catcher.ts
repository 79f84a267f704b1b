/**
 * The simulator's mail catcher: an SMTP server (smtp-server) that accepts every message for any recipient and keeps
 * the last few hundred in memory, parsed with mailparser, for the dashboard's Mail section and GET /_sim/mail. It
 * stands in for the merchant's mail provider, not for a vendor: there is no vendor contract to cite. Not a relay.
 */
import type { Hono } from "hono";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { time } from "../dashboard";
import type { SimulatorProvider } from "../kernel/providers";
import { html } from "../html";

export interface CaughtMail {
  id: number;
  receivedAt: number;
  messageId: string | null;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
}

const KEEP = 500;
const caught: CaughtMail[] = [];
let nextId = 1;
/** While down, the server refuses every connection with 421 (a temporary failure), as a mail provider's outage would. */
let down = false;

export function caughtMail(): readonly CaughtMail[] {
  return caught;
}

export function startMailCatcher(port: number, log: (line: string) => void = console.log): Promise<{ port: number; close(): Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    banner: "Klarna simulator mail catcher",
    size: 5 * 1024 * 1024,
    onAuth(_auth, _session, callback) {
      // Any user and password: the catcher plays a provider whose credentials the store was given.
      callback(null, { user: "simulator" });
    },
    onConnect(_session, callback) {
      if (down) return callback(Object.assign(new Error("Mail service unavailable (simulated outage)"), { responseCode: 421 }));
      callback();
    },
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((parsed) => {
          const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
          caught.unshift({
            id: nextId++,
            receivedAt: Date.now(),
            messageId: parsed.messageId ?? null,
            from: typeof session.envelope.mailFrom === "object" && session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
            to,
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : null,
          });
          caught.length = Math.min(caught.length, KEEP);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  server.on("error", (error) => log(`[simulator] mail catcher error: ${error.message}`));
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, () => {
      const address = server.server.address();
      const actual = typeof address === "object" && address ? address.port : port;
      resolve({ port: actual, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

/** The Mail section of the dashboard (already escaped). */
function mailSection(): string {
  return (
    html`<section class="card" aria-labelledby="mail-title"><h2 id="mail-title">Mail</h2>
${caught.length === 0 ? html`<p class="empty">No mail caught yet.${down ? " The mail server is down (simulated)." : ""}</p>` : html`<div class="scroll"><table>
<thead><tr><th>Received</th><th>To</th><th>Subject</th><th></th></tr></thead><tbody>${caught.slice(0, 50).map(
      (mail) => html`<tr><td>${time(mail.receivedAt)}</td><td>${mail.to.join(", ")}</td><td>${mail.subject}</td><td><a href="/_sim/mail/${mail.id}">HTML</a> · <a href="/_sim/mail/${mail.id}?format=text">text</a></td></tr>`,
    )}</tbody></table></div>`}</section>`.text
  );
}

/**
 * The mail catcher as the kernel mounts it (it is no vendor API: it stands in for the merchant's mail provider): its
 * dashboard section and the test API, GET/DELETE /_sim/mail, GET /_sim/mail/:id, POST /_sim/mail/down.
 */
export const mailCatcher: SimulatorProvider = {
  name: "mail",
  mount(app) {
    mailRoutes(app);
    return { dashboardSection: mailSection, dashboardBelowAttempts: true };
  },
};

function mailRoutes(app: Hono): void {
  app.get("/_sim/mail", (c) => {
    const to = c.req.query("to")?.toLowerCase();
    const list = to ? caught.filter((mail) => mail.to.some((address) => address.toLowerCase() === to)) : caught;
    return c.json({ down, messages: list });
  });
  app.delete("/_sim/mail", (c) => {
    caught.length = 0;
    return c.body(null, 204);
  });
  app.post("/_sim/mail/down", async (c) => {
    const body = (await c.req.json().catch(() => null)) as { down?: unknown } | null;
    if (typeof body?.down !== "boolean") return c.json({ error: 'Send {"down": true} or {"down": false}.' }, 400);
    down = body.down;
    return c.json({ down });
  });
  app.get("/_sim/mail/:id", (c) => {
    const mail = caught.find((entry) => entry.id === Number(c.req.param("id")));
    if (!mail) return c.json({ error: "No such message." }, 404);
    if (c.req.query("format") === "text" || !mail.html) return c.text(mail.text);
    // The email's own HTML, as a mail client would show it; scripts stay off.
    c.header("Content-Security-Policy", "default-src 'none'; img-src * data:; style-src 'unsafe-inline'");
    return c.html(mail.html);
  });
}
