import { createHash } from "node:crypto";
import { networkClient, networkSettings } from "./settings";

/** The events the store acts on (wildcards are allowed, notes.md §6). */
export const WEBHOOK_EVENT_TYPES = ["payment.request.state-change.*", "payment.transaction.*"];

let registered: Promise<void> | undefined;

/**
 * Subscribes the store's webhook URL through the Notifications API, once per process: listed first, created with the
 * first configured signing key when missing (a duplicate is 409, which also means "already there"). A failure is
 * forgotten so the next checkout tries again; the shopper's return and reconcile settle payments meanwhile.
 */
export function ensureWebhookRegistered(): Promise<void> {
  registered ??= register().catch((error: unknown) => {
    registered = undefined;
    console.error("[klarna-network] could not register the webhook:", error instanceof Error ? error.message : error);
  });
  return registered;
}

async function register(): Promise<void> {
  const { webhookUrl, signingKeys } = networkSettings();
  const key = signingKeys[0];
  if (!key) throw new Error("KLARNA_NETWORK_SIGNING_KEYS names no key");
  const client = networkClient();
  const existing = await client.listWebhooks();
  if (existing.some((webhook) => webhook.url === webhookUrl && webhook.status !== "DISABLED")) return;
  try {
    await client.createWebhook(
      { url: webhookUrl, event_types: WEBHOOK_EVENT_TYPES, event_version: "v2", signing_key_id: key.id, status: "ENABLED" },
      { idempotencyKey: `webhook-${createHash("sha256").update(`${webhookUrl}\n${key.id}`).digest("hex").slice(0, 40)}` },
    );
  } catch (error) {
    if (!(error instanceof Error && "status" in error && error.status === 409)) throw error;
  }
}
