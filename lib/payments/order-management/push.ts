import { z } from "zod";
import { callbackTokenSchema, klarnaOrderIdSchema } from "@/lib/checkout/callback-params";
import { findCheckoutSessionKeysByCallbackToken, type CheckoutSessionKeys } from "@/lib/checkout/session-store";
import { declaresOversizedBody, problem } from "@/lib/http/json-request";
import { finalize } from "@/lib/orders/finalize";
import { orderForCallback } from "@/lib/orders/order-store";
import { UnknownPurchaseError, type ProviderId } from "../provider";
import { paymentProvider } from "../registry";
import type { CallbackModule } from "../webhook-inbox";

/** The push URL's query, one schema per vendor, built once: a zod schema compiles itself when first used. */
const PUSH_QUERY = {
  klarna_order_id: z.object({ klarna_order_id: klarnaOrderIdSchema, token: callbackTokenSchema }),
  kustom_order_id: z.object({ kustom_order_id: klarnaOrderIdSchema, token: callbackTokenSchema }),
};

/** The checkout `recorded` read for a push, by the parsed push, for `verify`: null when the token names none. */
const checkouts = new WeakMap<OrderPush, CheckoutSessionKeys | null>();

/** A push as parsed from its URL: the vendor's order id (the key it is known by) and the checkout's callback token. */
export interface OrderPush {
  id: string;
  token: string;
}

/**
 * The push module of a provider settled through Order Management (Klarna Payments, Kustom Checkout), for
 * `receiveCallback` (lib/payments/webhook-inbox.ts): "this order exists, acknowledge it". Only the id in the URL is
 * used, never the body (Kustom's retried pushes have arrived with an empty one, reference/kustom/notes.md §7); the
 * order is read from Order Management. 200 once the store order exists and is settled; 404 for an order the vendor
 * does not know; 503 when the vendor could not be reached or the acknowledgement failed, so it pushes again (it
 * pushes until acknowledged, reference/seeds/000_2578b757ddaf6bb2.txt).
 */
export function orderPushModule(
  provider: ProviderId,
  idParam: "klarna_order_id" | "kustom_order_id",
): CallbackModule<OrderPush, OrderPush & { session: CheckoutSessionKeys; vendor: string }> {
  return {
    provider,
    async parse(request) {
      if (declaresOversizedBody(request, 1024 * 1024)) return { ok: false, response: problem(413, "A push has no body; this one is too large.") };
      const params = new URL(request.url).searchParams;
      const parsed = PUSH_QUERY[idParam].safeParse({ [idParam]: params.get(idParam) ?? undefined, token: params.get("token") ?? undefined });
      if (!parsed.success) return { ok: false, response: problem(400, "The push URL is missing its order id or token.", parsed.error.issues) };
      const fields = parsed.data as Record<typeof idParam | "token", string>;
      return { ok: true, value: { id: fields[idParam], token: fields.token } };
    },
    // Pushes repeat; one for an order this checkout already settled is answered from one indexed read (the checkout
    // by its token, and the order row, unique on provider + order id, made from it), with no new read from the
    // vendor. The same read gives `verify` the checkout for any other push, so it is not read twice.
    async recorded(push) {
      const { session, order } = await orderForCallback(provider, push.id, push.token);
      if (session && order && order.status !== "pending") return Response.json({ order_number: order.orderNumber, status: order.status });
      checkouts.set(push, session);
      return null;
    },
    async verify(push) {
      const read = checkouts.get(push);
      const [session, { vendor }] = await Promise.all([
        read !== undefined ? read : findCheckoutSessionKeysByCallbackToken(push.token),
        paymentProvider(provider),
      ]);
      if (!session || session.provider !== provider) return { ok: false, response: problem(401, "The callback token is not valid.") };
      return { ok: true, value: { ...push, session, vendor } };
    },
    async apply({ id, session, vendor }) {
      try {
        const result = await finalize({ provider, reference: id }, "push", { expectedSessionId: session.id, expectedSession: session });
        if (result.settlement === "failed") return problem(503, `The order is saved but ${vendor} could not be updated. Push again.`);
        // Another caller holds the settlement and may yet fail; only a settled order may stop the pushes.
        if (result.settlement === "in_progress") return problem(503, "The order is being settled right now. Push again.");
        return Response.json({ order_number: result.order.orderNumber, status: result.order.status });
      } catch (error) {
        if (error instanceof UnknownPurchaseError) return problem(404, `${vendor} has no such order for this checkout.`);
        return problem(503, `${vendor} could not be reached. Push again later.`);
      }
    },
  };
}
