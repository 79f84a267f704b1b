import { describe, expect, it } from "vitest";
import type { SessionOrder } from "@/lib/checkout/session-order";
import { orderCreatedSchema } from "@/lib/klarna/types";
import { placementPurchase } from "@/lib/payments/klarna-payments/placement-purchase";
import { namedPaymentMethod } from "@/lib/payments/order-management/order-management-provider";
import example from "@/reference/examples/klarna-payments/docs-step-3-create-an-order-200.json";

// The purchase built from Klarna's create-order answer names the payment method as Order Management's read of the
// same order would, so an order is labelled alike whichever read made it.

const order = {
  purchase_country: "se",
  purchase_currency: "sek",
  locale: "sv-SE",
  order_amount: 24_800,
  order_tax_amount: 4_960,
  order_lines: [],
} as unknown as SessionOrder;
const billing = { email: "customer@email.se", given_name: "Testperson-se", family_name: "Approved", country: "SE" };

function methodOf(type: string): string | null {
  const created = orderCreatedSchema.parse({ order_id: "order-1", fraud_status: "ACCEPTED", authorized_payment_method: { type } });
  return placementPurchase({ sessionId: "session-1", order, created, authorizedSession: { billing_address: billing } })?.paymentMethod ?? null;
}

describe("the placement's payment method", () => {
  // Payments v1's `authorized_payment_method.type` and Order Management's `InitialPaymentMethodDto.type` for the same
  // kinds of method (reference/klarna/payments-v1.openapi.json, reference/klarna/ordermanagement-v1.openapi.json).
  it.each([
    ["invoice", "INVOICE"],
    ["fixed_sum_credit", "FIXED_SUM_CREDIT"],
    ["direct_debit", "DIRECT_DEBIT"],
    ["pay_by_card", "PAY_BY_CARD"],
    ["slice_it_by_card", "FIXED_AMOUNT_BY_CARD"],
    ["pay_later_by_card", "PAY_LATER_BY_CARD"],
  ])("%s is named as Order Management's %s", (payments, orderManagement) => {
    expect(methodOf(payments)).not.toBeNull();
    expect(methodOf(payments)).toBe(namedPaymentMethod(orderManagement));
  });

  it("reads the step-3 page's answer, whose method is a bare string", () => {
    const created = orderCreatedSchema.parse((example as { response: { body: unknown } }).response.body);
    expect(created.authorized_payment_method).toMatchObject({ type: "invoice" });
    expect(placementPurchase({ sessionId: "session-1", order, created, authorizedSession: { billing_address: billing } })?.paymentMethod).toBe("Pay later");
  });
});
