import { finalize } from "@/lib/orders/finalize";
import { findOrderByKlarnaId } from "@/lib/orders/order-store";
import { checkoutCom } from ".";
import { payForCheckout, sessionForContext } from "./store-checkout";
import type { WebhookDeps } from "./webhooks";
import { env } from "@/lib/env";

/** The webhook handler's collaborators in the store: its storage, the shared finalize, and paying for a context. */
export function storeWebhookDeps(): WebhookDeps {
  const { client, store } = checkoutCom();
  return {
    client,
    store,
    signatureKey: env().CHECKOUT_COM_WEBHOOK_SIGNATURE_KEY,
    orderExists: async (paymentId) => (await findOrderByKlarnaId(paymentId)) !== null,
    finalize: async (paymentId) => {
      await finalize({ provider: "checkout-com", reference: paymentId }, "webhook");
      return true;
    },
    contextApproved: async (contextId) => {
      const sessionId = await sessionForContext(contextId);
      // A context the store did not open (another shop on the same account) is none of its business.
      if (sessionId) await payForCheckout(sessionId, "webhook");
    },
  };
}
