import type { CheckoutComClient } from "./client";
import { KLARNA_EVENT_TYPES } from "./types";

/**
 * Registers the store's webhook with Checkout.com the way the current platform does it: a workflow whose webhook
 * action signs with the store's key (POST /workflows). Looks for an existing one with the same URL first, so a
 * restart registers nothing twice.
 */
export async function ensureWebhookWorkflow(
  client: CheckoutComClient,
  input: { url: string; signatureKey: string; processingChannelId: string },
): Promise<string> {
  const { data } = await client.listWorkflows();
  for (const summary of data) {
    const workflow = await client.getWorkflow(summary.id);
    if (workflow.actions.some((action) => action.url === input.url)) return workflow.id;
  }
  const created = await client.addWorkflow({
    name: "Trailhead Supply Co. Klarna webhooks",
    active: true,
    conditions: [
      { type: "event", events: { gateway: [...KLARNA_EVENT_TYPES] } },
      { type: "processing_channel", processing_channels: [input.processingChannelId] },
    ],
    actions: [{ type: "webhook", url: input.url, signature: { method: "HMACSHA256", key: input.signatureKey } }],
  });
  return created.id;
}
