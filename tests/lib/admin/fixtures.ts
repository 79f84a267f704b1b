import type { Capture, ManagedOrder, OrderLineRead, Refund } from "@/lib/klarna";
import { formatMoney } from "@/lib/pricing/money";

export const DAYPACK: OrderLineRead = {
  type: "physical",
  reference: "TH-DAYPACK-28",
  name: "Ridgeline Daypack 28 L",
  quantity: 1,
  unit_price: 109_900,
  tax_rate: 2500,
  total_amount: 109_900,
  total_discount_amount: 0,
  total_tax_amount: 21_980,
};

/** Three mugs with 10 kr off in all, so shares of the discount do not divide evenly. */
export const MUGS: OrderLineRead = {
  type: "physical",
  reference: "TH-MUG-450",
  name: "Titanium Mug 450",
  quantity: 3,
  unit_price: 34_900,
  tax_rate: 2500,
  total_amount: 103_700,
  total_discount_amount: 1_000,
  total_tax_amount: 20_740,
};

export const SHIPPING: OrderLineRead = {
  type: "shipping_fee",
  reference: "shipping",
  name: "Shipping",
  quantity: 1,
  unit_price: 4_900,
  tax_rate: 2500,
  total_amount: 4_900,
  total_discount_amount: 0,
  total_tax_amount: 980,
};

export const LINES = [DAYPACK, MUGS, SHIPPING];
export const ORDER_AMOUNT = 218_500;
export const NOW = new Date("2026-03-01T12:00:00.000Z");

export const sek = (amount: number) => formatMoney(amount, "SEK", "sv-SE");

/** An authorized SE order as Order Management returns it; captures and refunds adjust the amounts. */
export function managedOrder(overrides: Partial<ManagedOrder> & { captures?: Capture[]; refunds?: Refund[] } = {}): ManagedOrder {
  const captures = overrides.captures ?? [];
  const refunds = overrides.refunds ?? [];
  const captured = captures.reduce((sum, capture) => sum + capture.captured_amount, 0);
  const refunded = refunds.reduce((sum, refund) => sum + refund.refunded_amount, 0);
  return {
    order_id: "b6f1a2c3-0000-4000-8000-000000000001",
    status: captured === 0 ? "AUTHORIZED" : captured >= ORDER_AMOUNT ? "CAPTURED" : "PART_CAPTURED",
    fraud_status: "ACCEPTED",
    order_amount: ORDER_AMOUNT,
    original_order_amount: ORDER_AMOUNT,
    captured_amount: captured,
    refunded_amount: refunded,
    remaining_authorized_amount: ORDER_AMOUNT - captured,
    purchase_currency: "SEK",
    purchase_country: "SE",
    order_lines: LINES,
    expires_at: new Date(Math.max(Date.now(), NOW.getTime()) + 28 * 86_400_000).toISOString(),
    ...overrides,
    captures,
    refunds,
  };
}

export function capture(lines: OrderLineRead[], id = `capture-${Math.random()}`): Capture {
  return {
    capture_id: id,
    captured_amount: lines.reduce((sum, line) => sum + line.total_amount, 0),
    order_lines: lines,
  };
}

export function refund(lines: OrderLineRead[], id = `refund-${Math.random()}`): Refund {
  return {
    refund_id: id,
    refunded_amount: lines.reduce((sum, line) => sum + line.total_amount, 0),
    order_lines: lines,
  };
}
