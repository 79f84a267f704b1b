import type { Hono } from "hono";
import type { Core } from "../core";

/**
 * Checkout.com is Klarna's merchant: it opens the Klarna Payments session, places the order and captures, refunds
 * and cancels it through Klarna's own APIs. The simulator's Checkout.com does the same, in-process, through the
 * Klarna routes' public HTTP surface, so it depends on no Klarna file, only on Klarna's API.
 */
export interface KlarnaAnswer {
  status: number;
  body: unknown;
}

export type KlarnaBridge = (method: "GET" | "POST", path: string, body?: unknown) => Promise<KlarnaAnswer>;

export function klarnaBridge(app: Hono, core: Core): KlarnaBridge {
  const authorization = `Basic ${Buffer.from(`${core.config.username}:${core.config.password}`).toString("base64")}`;
  return async (method, path, body) => {
    const response = await app.request(path, {
      method,
      headers: { Authorization: authorization, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text === "" ? null : (JSON.parse(text) as unknown) };
  };
}

export const succeeded = (answer: KlarnaAnswer) => answer.status >= 200 && answer.status < 300;

/** Klarna's error messages, for a declined action's response_summary. */
export function klarnaMessage(answer: KlarnaAnswer): string {
  const body = answer.body;
  if (body && typeof body === "object" && "error_messages" in body && Array.isArray(body.error_messages)) {
    return body.error_messages.map(String).join("; ");
  }
  return `Klarna answered ${answer.status}`;
}
