import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Context, Hono } from "hono";
import { z } from "zod";
import { BADGE_PATH } from "../klarna-payments/sessions";
import { SUPPORTED_LOCALES, isPlacementKey, messageFor, optionsFor } from "./offers";

/**
 * The client id the simulator knows, as Klarna's merchant portal would issue it. `npm start` and the browser tests
 * give it to the store; any other id is refused, as Klarna refuses an id it did not issue.
 */
export const DEMO_CLIENT_ID = "d5a0c9e2-3b1f-4e7a-8c6d-2f9b4a1e7c30";

/** Klarna serves the library from https://js.klarna.com/web-sdk/v1/klarna.js (On-site messaging JavaScript library). */
export const WEB_SDK_PATH = "/web-sdk/v1/klarna.js";
/** Path of Klarna's On-site messaging API (https://api.playground.klarna.com/messaging/v3). */
export const MESSAGING_PATH = "/messaging/v3";
/** The "Learn more" link of Klarna's API response points at a page of this name on Klarna's asset host. */
export const LEARN_MORE_PATH = "/learn-more/index.html";

const SCRIPT = readFileSync(path.join(__dirname, "klarna.js"), "utf8");

const messagingQuery = z.object({
  client_id: z.string().min(1, "client_id is required"),
  placement_key: z.string().min(1, "placement_key is required"),
  locale: z.string().min(1, "locale is required"),
  // Minor units, ISO 4217; required for amount-based credit promotion placements (OSM API reference).
  purchase_amount: z
    .string({ error: "purchase_amount is required for credit promotion placements" })
    .regex(/^\d{1,12}$/, "purchase_amount must be a whole number of minor units"),
});

const learnMoreQuery = z.object({ locale: z.string(), purchase_amount: z.string().regex(/^\d{1,12}$/) });

const testPageQuery = z.object({
  client_id: z.string().default(DEMO_CLIENT_ID),
  locale: z.string().default("en-GB"),
  purchase_amount: z.string().regex(/^\d{1,12}$/).default("8500"),
});

/** Klarna's error body: { error_code, error_messages, correlation_id }. */
function refuse(c: Context, status: 400 | 403, code: string, messages: string[]): Response {
  c.header("Access-Control-Allow-Origin", "*");
  return c.json({ error_code: code, error_messages: messages, correlation_id: randomUUID() }, status);
}

/** The web SDK stand-in (On-site messaging) and the API it renders from. */
export function webSdkRoutes(app: Hono, options: { clientIds?: readonly string[] } = {}): void {
  const clientIds = new Set(options.clientIds ?? [DEMO_CLIENT_ID]);

  app.get(WEB_SDK_PATH, (c) =>
    c.body(SCRIPT, 200, {
      "Content-Type": "application/javascript; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "no-cache",
    }),
  );

  app.get(MESSAGING_PATH, (c) => {
    const query = messagingQuery.safeParse(c.req.query());
    if (!query.success) return refuse(c, 400, "BAD_VALUE", query.error.issues.map((issue) => issue.message));
    const { client_id, placement_key, locale, purchase_amount } = query.data;
    if (!clientIds.has(client_id)) {
      return refuse(c, 403, "FORBIDDEN", [`Unknown client_id ${client_id}: On-site messaging is not activated for it`]);
    }
    if (!isPlacementKey(placement_key)) {
      return refuse(c, 400, "BAD_VALUE", [`placement_key ${placement_key} is not one the simulator renders`]);
    }
    const amount = Number(purchase_amount);
    const message = messageFor(placement_key, locale, amount);
    if (!message) {
      return refuse(c, 400, "BAD_VALUE", [`locale ${locale} is not one of ${SUPPORTED_LOCALES.join(", ")}`]);
    }
    const origin = new URL(c.req.url).origin;
    const learnMore = new URL(LEARN_MORE_PATH, origin);
    learnMore.search = new URLSearchParams({ locale, purchase_amount }).toString();
    // Node names and shape follow the documented response of the OSM API; "A11Y_NEW_TAB" is the simulator's own
    // addition: the stand-in opens "Learn more" in a new tab and says so to screen readers in the locale's language.
    return c.json(
      {
        content: {
          nodes: [
            { type: "TEXT", name: "TEXT_MAIN", value: message.text },
            { type: "ACTION", name: "ACTION_LEARN_MORE", label: message.learnMore, url: learnMore.toString() },
            ...(placement_key === "credit-promotion-badge"
              ? [{ type: "IMAGE", name: "KLARNA_BADGE", alt: "Klarna", url: `${origin}${BADGE_PATH}` }]
              : []),
            { type: "TEXT", name: "A11Y_NEW_TAB", value: message.newTab },
          ],
        },
      },
      200,
      { "Access-Control-Allow-Origin": "*", "Cache-Control": "private, max-age=0" },
    );
  });

  // A bare merchant page with Klarna's snippet and both placements, for trying the library by hand or from a test.
  app.get("/_sim/messaging-test", (c) => {
    const query = testPageQuery.safeParse(c.req.query());
    if (!query.success) return c.text("purchase_amount must be a whole number of minor units", 400);
    return c.html(testPage(query.data));
  });

  app.get(LEARN_MORE_PATH, (c) => {
    const query = learnMoreQuery.safeParse(c.req.query());
    const options = query.success ? optionsFor(query.data.locale, Number(query.data.purchase_amount)) : [];
    if (!query.success || options.length === 0) return c.text("Unknown locale or purchase amount", 400);
    return c.html(learnMorePage(query.data.locale, options));
  });
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char] ?? char);

function learnMorePage(locale: string, options: ReturnType<typeof optionsFor>): string {
  const items = options
    .map(
      (option) =>
        `<li><strong>${escapeHtml(option.title)}</strong><br><span>${escapeHtml(option.limits)}</span>` +
        `${option.available ? "" : ' <span class="off" lang="en">(not for this amount)</span>'}</li>`,
    )
    .join("");
  return `<!doctype html>
<html lang="${escapeHtml(locale)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Klarna</title>
<style>
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Helvetica,Arial,sans-serif;background:#f7f5f3;color:#17120f}
main{max-width:560px;margin:0 auto;padding:32px 16px}
.logo{display:inline-block;background:#ffb3c7;color:#0b051d;font-weight:800;border-radius:8px;padding:4px 12px}
ul{list-style:none;padding:0;display:grid;gap:12px}
li{background:#fff;border:1px solid #e6e1dc;border-radius:12px;padding:14px 16px}
span{color:#4d4640}.off{color:#4d4640;font-style:italic}
</style>
</head>
<body>
<main>
<h1><span class="logo">Klarna.</span></h1>
<ul>${items}</ul>
<p lang="en"><small>Klarna simulator: the amounts and limits are illustrative.</small></p>
</main>
</body>
</html>`;
}

function testPage({ client_id, locale, purchase_amount }: z.infer<typeof testPageQuery>): string {
  const placement = (key: string) =>
    `<klarna-placement data-key="${key}" data-locale="${escapeHtml(locale)}" data-purchase-amount="${purchase_amount}"></klarna-placement>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>On-site messaging test page</title>
<script async data-client-id="${escapeHtml(client_id)}" data-environment="playground" src="${WEB_SDK_PATH}"></script>
</head>
<body style="font:15px/1.5 -apple-system,'Segoe UI',Helvetica,Arial,sans-serif;max-width:520px;margin:24px auto;padding:0 16px">
<h1>On-site messaging test page</h1>
${placement("credit-promotion-badge")}
${placement("credit-promotion-auto-size")}
</body>
</html>`;
}
