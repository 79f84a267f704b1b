import type { PlaceOrderResult } from "@/lib/checkout/place-order-result";
import { setTimeout as sleep } from "node:timers/promises";
import { env } from "@/lib/env";
import { KlarnaApiError, klarna, type Address, type AddressRead, type OrderCreated, type SessionRead } from "@/lib/klarna";
import { finalize, type CreateWith, type FinalizeSource } from "@/lib/orders/finalize";
import { addLogContext, log } from "@/lib/observability/logger";
import { inSpan } from "@/lib/observability/tracing";
import { appendOrderEvent } from "@/lib/orders/order-store";
import { rejectionPath } from "@/lib/validation/denials";
import { validateOrder } from "@/lib/validation/validate-order";
import { confirmationUrl, merchantUrls } from "@/lib/checkout/merchant-urls";
import {
  claimPlacementWrite,
  findCheckoutSession,
  recordPlacedOrder,
  recordPlacedOrderWrite,
  releasePlacement,
  type CheckoutSession,
  type SessionOrderState,
} from "@/lib/checkout/session-store";
import { placementPurchase } from "./placement-purchase";
import { klarnaPaymentsProvider } from "./provider";

export type { PlaceOrderResult };

type Addresses = { billing_address?: AddressRead | null; shipping_address?: AddressRead | null };

/**
 * Places the Klarna order for an authorized session, once: the browser (after authorize) and Klarna's
 * authorization callback may both call this, concurrently; a claim on the session lets one of them place it and
 * the other waits for its result.
 *
 * Klarna Payments has no validation callback (its `merchant_urls` are confirmation, notification, push and
 * authorization), so the merchant's rules run here, before the order is placed: all of lib/validation/ on the order
 * the shopper authorized. A refusal cancels the unused authorization at Klarna, so it does not linger for its 60
 * minutes, and sends the shopper to the page that says why.
 */
export async function placeOrder(
  /** The checkout session, or its id (read here). A caller that has just read it (the callback route) passes it. */
  sessionOrId: string | CheckoutSession,
  authorizationToken: string,
  source: Extract<FinalizeSource, "place_order" | "authorization">,
  addresses: Addresses = {},
  /**
   * Addresses sent with the order to Klarna. Express checkout sends the collected shipping address, which Klarna
   * requires the order to match (reference/klarna/express-checkout-notes.md, "3. Create an order").
   */
  orderAddresses: { shipping_address?: Address } = {},
): Promise<PlaceOrderResult> {
  const started = performance.now();
  const session = typeof sessionOrId === "string" ? await findCheckoutSession(sessionOrId) : sessionOrId;
  if (!session) {
    return { status: "failed", message: "Your checkout session has expired. Please start checkout again.", retryable: false };
  }
  if (session.providerReference) return settledAgain(session, source);

  const atKlarna = await klarnaSessionOf(session);
  // A token Klarna holds for another session would be refused (409) or place that session's authorization: it is
  // turned away before anything is written, so no order number is given and the session keeps no stranger's token.
  // Klarna's authorization callback is held to more: Klarna's read session carries the session's
  // authorization_token once the shopper authorized (reference/klarna/payments-v1.openapi.json, session_read), so a
  // callback for a session that has none, sent to that session's callback URL, carries a stranger's token.
  const foreign = atKlarna?.authorization_token
    ? atKlarna.authorization_token !== authorizationToken
    : source === "authorization" && atKlarna !== null;
  if (foreign) {
    log().warn({ source, outcome: "foreign_authorization" }, "authorization refused: not this session's");
    return {
      status: "failed",
      message: "This authorization belongs to another checkout.",
      retryable: false,
      refusal: "foreign_authorization",
    };
  }
  const authorized = addresses.billing_address
    ? addresses
    : {
        billing_address: atKlarna?.billing_address,
        shipping_address: addresses.shipping_address ?? atKlarna?.shipping_address,
      };
  // The placement's claim goes in the write batch that gives the order number, once the rules accept the order.
  const validation = await validateOrder(session, { ...session.order, ...authorized }, undefined, [claimPlacementWrite(session.id)]);
  // Placed meanwhile by the other caller (Klarna's authorization callback, or the browser): answered as placed.
  if (!validation.ok && "placed" in validation) return placed({ ...session, ...validation.placed });
  if (!validation.ok) {
    log().info({ source, outcome: "rejected", reason: validation.denial.reason }, "order refused by the store's rules");
    const cancelled = await cancelAuthorization(authorizationToken);
    await appendOrderEvent({
      providerReference: `session:${session.id}`,
      source,
      action: "validate",
      outcome: `denied: ${validation.denial.reason}`,
      detail: `${validation.denial.detail}; authorization ${cancelled}`,
      latencyMs: performance.now() - started,
    });
    return { status: "rejected", location: new URL(rejectionPath(validation.denial), env().STORE_URL).href };
  }

  const [claimed] = (validation.alongside ?? [[]]) as [{ id: string }[]];
  if (claimed.length === 0) {
    // Klarna gives its callback 2 s: it need not wait for the browser, which is placing the same order.
    return source === "authorization" ? { status: "in_progress" } : waitForOtherPlacement(session.id);
  }
  let klarnaOrderId: string;
  let redirectUrl: string | null;
  let created: OrderCreated;
  addLogContext({ orderNumber: validation.orderNumber });
  try {
    created = await inSpan("provider.place_order", { "store.provider": klarnaPaymentsProvider.id }, () =>
      klarna().payments.placeOrder(authorizationToken, {
        ...session.order,
        ...orderAddresses,
        merchant_reference1: validation.orderNumber,
        merchant_reference2: session.id,
        merchant_urls: merchantUrls(env().STORE_URL, session.callbackToken),
      }),
    );
    klarnaOrderId = created.order_id;
    redirectUrl = created.redirect_url ?? null;
  } catch (error) {
    await releasePlacement(session.id);
    log().warn({ source, outcome: "failed", error: { type: (error as Error)?.name, status: (error as KlarnaApiError)?.status } }, "Klarna did not place the order");
    if (error instanceof KlarnaApiError) {
      return { status: "failed", message: "Klarna could not complete this purchase. Please try paying again.", retryable: false };
    }
    return { status: "failed", message: "We could not reach Klarna. Nothing was charged; please try again.", retryable: true };
  }
  log().info({ source, outcome: "placed" }, "order placed at Klarna");
  // The placed order's record on the session is what stops a second placement (a repeated callback, the browser's
  // place order, a takeover of a stale claim). It goes in finalize's creation batch, so it is durable with the order,
  // or on its own right after finalize when finalize did not reach that batch (Klarna's order could not be read, the
  // batch failed, or this call joined a finalize already running in this process). Until then the placement's claim
  // (placingAt, a minute) holds off everyone else, as it held them off until the record before.
  const record: CreateWith = {
    statements: [recordPlacedOrderWrite(session.id, { providerReference: klarnaOrderId, redirectUrl, authorizationToken })],
    written: false,
  };
  // Klarna's answer to the placement, with the order the store sent and the addresses the shopper authorized (read from
  // Klarna's session above), is the order Order Management would report: finalize need not read it back. Only where
  // the addresses are Klarna's (not the browser's, not express checkout's collected one) and the answer names all it
  // must (placement-purchase.ts); otherwise finalize reads the order, as a push does.
  const fromKlarna = !addresses.billing_address && !addresses.shipping_address && !orderAddresses.shipping_address && atKlarna;
  const purchase = fromKlarna
    ? placementPurchase({ sessionId: session.id, order: session.order, created, authorizedSession: atKlarna })
    : null;
  try {
    // The session as it now is (its order number given by the validation), so finalize does not read it again.
    await finalize({ provider: klarnaPaymentsProvider.id, reference: klarnaOrderId }, source, {
      ...(purchase ? { purchase } : {}),
      expectedSessionId: session.id,
      expectedSession: { ...session, orderNumber: validation.orderNumber, providerReference: klarnaOrderId },
      // The products and block list the rules just read: finalize's rules on Klarna's order need not read them again.
      rulesRead: validation.rulesRead,
      createWith: record,
    });
  } catch {
    // The order exists at Klarna; the confirmation page and Klarna's pushes finish what failed here.
  }
  if (!record.written) await recordPlacedOrder(session.id, { providerReference: klarnaOrderId, redirectUrl, authorizationToken });
  return { status: "placed", providerReference: klarnaOrderId, redirectUrl: redirectUrl ?? confirmationUrl(env().STORE_URL, klarnaOrderId) };
}

/**
 * Klarna's view of the session: the current authorization token and the addresses the shopper authorized with (the
 * authorization callback carries only the token). Should Klarna not be reachable, the rules run without them and
 * Klarna's place order judges the token; finalize checks Klarna's order again and cancels one the store will not ship.
 */
async function klarnaSessionOf(session: CheckoutSession): Promise<SessionRead | null> {
  try {
    return await klarna().payments.readSession(session.klarnaSessionId);
  } catch {
    return null;
  }
}

/**
 * DELETE /payments/v1/authorizations/{token} (204). A 404 means it is gone already: the browser and the callback
 * refuse the same authorization, or it expired. Any other failure leaves it to expire after its 60 minutes.
 */
async function cancelAuthorization(authorizationToken: string): Promise<"cancelled" | "already gone" | "not cancelled"> {
  try {
    await klarna().payments.cancelAuthorization(authorizationToken);
    return "cancelled";
  } catch (error) {
    return error instanceof KlarnaApiError && error.status === 404 ? "already gone" : "not cancelled";
  }
}

/**
 * Whether a repeated authorization callback has nothing left to do, from the session and its order as read together
 * (`findCheckoutSessionWithOrderByCallbackToken`): the order is placed, made from this session, and settled
 * (acknowledged or cancelled at Klarna), and its row has the authorization's expiry. Klarna's create-order answer does
 * not report the expiry (reference/klarna/payments-v1.openapi.json, `order`: order_id, redirect_url, fraud_status,
 * authorized_payment_method), so the first repeat still goes through `settledAgain`, whose read of the order fills it.
 * Klarna makes up to 3 attempts of a callback it got no 2xx for, and may send the same one more than once
 * (reference/klarna/authorization-callback-notes.md); such a repeat is answered as placed, as `settledAgain` would,
 * without a call to Klarna or a finalize. A subscription whose start failed is finished by the cron step
 * (lib/subscriptions/start.ts), not by a repeat.
 */
export function repeatNeedsNothing(session: CheckoutSession, order: SessionOrderState | null): boolean {
  return Boolean(session.providerReference && order && order.status !== "pending" && order.authorizationExpiresAt);
}

/**
 * The order is placed already, but whoever placed it may have died before settling it, or its acknowledgement may
 * have been lost (Klarna stops pushing once it has one): a repeated callback or place order settles it again, which
 * the settlement's idempotency key makes safe, and answers as the first call did.
 */
async function settledAgain(session: CheckoutSession, source: FinalizeSource): Promise<PlaceOrderResult> {
  try {
    await finalize({ provider: klarnaPaymentsProvider.id, reference: session.providerReference! }, source, {
      expectedSessionId: session.id,
      expectedSession: session,
    });
  } catch {
    // The order exists at Klarna; the next push, reload or the scheduled reconcile settles it.
  }
  return placed(session);
}

function placed(session: CheckoutSession): PlaceOrderResult {
  const klarnaOrderId = session.providerReference!;
  return {
    status: "placed",
    providerReference: klarnaOrderId,
    redirectUrl: session.redirectUrl ?? confirmationUrl(env().STORE_URL, klarnaOrderId),
  };
}

async function waitForOtherPlacement(sessionId: string): Promise<PlaceOrderResult> {
  for (let attempt = 0; attempt < 200; attempt++) {
    await sleep(40);
    const session = await findCheckoutSession(sessionId);
    if (session?.providerReference) return placed(session);
    if (session && session.placingAt === null) break;
  }
  return {
    status: "failed",
    message: "Your order is still being placed. Please wait a moment and reload this page.",
    retryable: true,
  };
}
