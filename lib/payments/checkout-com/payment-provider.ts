import { z } from "zod";
import { UnknownPurchaseError, type PaymentProvider, type Purchase } from "../provider";
import { paymentOutcome } from "./checkout";
import type { CheckoutComClient } from "./client";
import { isNotFound } from "./errors";
import { checkoutComManifest } from "./manifest";
import { purchaseFromPayment } from "./purchase";
import type { Payment } from "./types";

/**
 * Klarna through Checkout.com on the seam. The purchase is the Checkout.com payment (reference = pay_…), read from
 * GET /payments/{id}. Nothing needs acknowledging: Checkout.com took the Klarna order over when it authorized the
 * payment. Not shipping it voids the authorization (only possible before a capture).
 */
export function checkoutComProvider(clientOf: () => CheckoutComClient, sweep?: PaymentProvider["sweep"]): PaymentProvider {
  return {
    id: checkoutComManifest.id,
    label: checkoutComManifest.label,
    vendor: checkoutComManifest.vendor,
    ...(sweep ? { sweep } : {}),
    operations: ["capture", "refund", "cancel"],
    async readPurchase(reference) {
      const client = clientOf();
      let payment;
      try {
        payment = await client.getPayment(reference);
      } catch (error) {
        if (isNotFound(error)) throw new UnknownPurchaseError("checkout-com", reference);
        throw error;
      }
      return purchaseOfPayment(payment);
    },
    async acknowledge() {},
    async cancel(purchase, _reason, options) {
      const client = clientOf();
      const payment = await client.getPayment(purchase.reference);
      // Already voided, declined or expired: nothing is authorized any more.
      if (payment.balances.available_to_void === 0 && payment.balances.total_captured === 0) return;
      if (payment.balances.total_captured > 0) {
        throw new Error(`Checkout.com payment ${purchase.reference} is captured: refund it instead of voiding`);
      }
      await client.void(purchase.reference, { reference: purchase.checkoutSessionId ?? undefined }, options.idempotencyKey);
    },
  };
}

/**
 * The purchase a payment read from GET /payments/{id} is: what `readPurchase` answers, for a caller that has just read
 * the payment itself (a webhook, reconcile) and hands it to finalize instead of having it read twice.
 */
export function purchaseOfPayment(payment: Payment): Purchase {
  // A Pending payment is not a purchase yet (reference/seeds/004_…: the decision follows the 202); every caller
  // waits for the decision first (confirmation.ts, webhooks.ts, reconcile.ts), so reaching here is a bug.
  if (paymentOutcome(payment) === "pending") throw new Error(`Checkout.com payment ${payment.id} is still Pending`);
  return purchaseFromPayment(payment);
}

/** Checkout.com payment ids (pay_ + 26 characters); Klarna's order ids are UUIDs, so a store order's reference tells them apart. */
export function isCheckoutComReference(reference: string): boolean {
  return /^pay_\w{26}$/.test(reference);
}

export const checkoutComPaymentIdSchema = z
  .string({ error: "checkout_com_payment_id is required." })
  .regex(/^pay_\w{26}$/, "checkout_com_payment_id is not a Checkout.com payment id.");
