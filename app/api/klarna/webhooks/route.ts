import { networkWebhookRoute } from "@/lib/payments/klarna-network/webhook-route";

/** Klarna's webhooks for payment requests: the URL registered with Klarna stays; the handler is the provider's own. */
export const POST = networkWebhookRoute;
