import { and, eq } from "drizzle-orm";
import { db } from "@/db";
import { orders } from "@/db/schema";
import type { OrderLineRead } from "@/lib/klarna";
import { checkoutCom } from ".";
import { describeAction } from "./back-office";
import { CheckoutComApiError } from "./errors";
import { rememberProviderState } from "@/lib/admin/klarna-cache";
import { syncPayment } from "./payment-sync";
import { purchaseFromPayment } from "./purchase";
import type { PaymentState } from "./store";
import type { ContextItem, Payment } from "./types";

export type CheckoutComOrder = typeof orders.$inferSelect;

/** A store order made through Checkout.com (its provider reference is the pay_… id), or null for any other order. */
export async function findCheckoutComOrder(orderNumber: string): Promise<CheckoutComOrder | null> {
  const [row] = await db()
    .select()
    .from(orders)
    .where(and(eq(orders.orderNumber, orderNumber), eq(orders.provider, "checkout-com")));
  return row ?? null;
}

export interface CheckoutComOrderDetail {
  order: CheckoutComOrder;
  /** Read live, so the page never offers what Checkout.com would refuse; null when it could not be read. */
  payment: Payment | null;
  state: PaymentState | null;
  problem: string | null;
  actions: string[];
}

export async function loadCheckoutComOrder(order: CheckoutComOrder, formatMoney: (amount: number) => string): Promise<CheckoutComOrderDetail> {
  const { store } = checkoutCom();
  let payment: Payment | null = null;
  let problem: string | null = null;
  try {
    payment = await syncOrderRow(order.providerReference);
  } catch (error) {
    problem =
      error instanceof CheckoutComApiError
        ? `Checkout.com refused to show this payment (${error.status}).`
        : "Checkout.com could not be reached, so the payment cannot be changed right now. Reload the page in a moment.";
  }
  const actions = (await store.actionsOf(order.providerReference)).reverse().map((action) => describeAction(action, formatMoney));
  return { order, payment, state: await store.paymentState(order.providerReference), problem, actions };
}

/**
 * Reads the payment live (GET /payments/{id}, reference/checkout-com/notes.md) and writes what it says on the order
 * row (status, balances' total_captured and total_refunded, a void or expiry), so the orders list and reconcile agree
 * with the order page whenever the merchant opens it or acts on it, not only once Checkout.com's webhook arrives.
 */
export async function syncOrderRow(paymentId: string): Promise<Payment> {
  const { client, store } = checkoutCom();
  const { payment } = await syncPayment(client, store, paymentId);
  await rememberProviderState(purchaseFromPayment(payment));
  return payment;
}

/** The order's goods lines as Checkout.com items, for a refund with its lines. */
export function itemsOf(lines: readonly OrderLineRead[]): ContextItem[] {
  return lines
    .filter((line) => line.type === "physical" || line.type === "digital" || line.type === null || line.type === undefined)
    .map((line) => ({
      type: line.type === "digital" ? "digital" : "physical",
      name: line.name,
      quantity: line.quantity,
      unit_price: line.unit_price,
      reference: line.reference ?? line.name,
      total_amount: line.total_amount,
      tax_rate: line.tax_rate ?? 0,
      tax_amount: line.total_tax_amount ?? 0,
      discount_amount: line.total_discount_amount ?? 0,
    }));
}
