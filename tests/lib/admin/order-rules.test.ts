import { describe, expect, it } from "vitest";
import { captureRequestSchema, refundRequestSchema, type OrderLine } from "@/lib/klarna";
import { orderLedger, selectableLines } from "@/lib/admin/order-ledger";
import {
  cancelRefusal,
  extendRefusal,
  planCapture,
  planRefund,
  releaseRefusal,
} from "@/lib/admin/order-rules";
import { capture, DAYPACK, managedOrder, MUGS, NOW, ORDER_AMOUNT, refund, sek, SHIPPING } from "./fixtures";

function captured(plan: ReturnType<typeof planCapture>) {
  if (!plan.ok) throw new Error(`expected a plan, got: ${plan.message}`);
  return plan;
}

/** Klarna's line rule: total_amount = quantity × unit_price − total_discount_amount. */
function addsUp(line: OrderLine): boolean {
  return line.total_amount === line.quantity * line.unit_price - (line.total_discount_amount ?? 0);
}

describe("capture planning", () => {
  it("captures the whole order by default, to the minor unit, in a request Klarna accepts", () => {
    const order = managedOrder();
    // The capture form offers every line in full by default.
    const everything = Object.fromEntries(orderLedger(order).map((entry) => [entry.key, entry.uncapturedQuantity]));
    const plan = captured(planCapture(order, everything, NOW, sek));
    expect(plan.amount).toBe(ORDER_AMOUNT);
    expect(plan.lines.map((line) => [line.reference, line.quantity, line.total_amount])).toEqual([
      ["TH-DAYPACK-28", 1, 109_900],
      ["TH-MUG-450", 3, 103_700],
      ["shipping", 1, 4_900],
    ]);
    expect(plan.lines.every(addsUp)).toBe(true);
    expect(captureRequestSchema.safeParse({ captured_amount: plan.amount, order_lines: plan.lines }).success).toBe(true);
  });

  it("captures one line on its own", () => {
    const plan = captured(planCapture(managedOrder(), { "TH-DAYPACK-28": 1 }, NOW, sek));
    expect(plan.amount).toBe(109_900);
    expect(plan.lines).toEqual([
      {
        type: "physical",
        reference: "TH-DAYPACK-28",
        name: "Ridgeline Daypack 28 L",
        quantity: 1,
        unit_price: 109_900,
        tax_rate: 2500,
        total_amount: 109_900,
        total_tax_amount: 21_980,
      },
    ]);
    expect(plan.description).toBe("1 × Ridgeline Daypack 28 L");
  });

  it("splits a discounted line so the parts add up exactly to the line, discount and tax included", () => {
    const first = captured(planCapture(managedOrder(), { "TH-MUG-450": 1 }, NOW, sek));
    const [one] = first.lines;
    expect(one).toMatchObject({ quantity: 1, total_amount: 34_567, total_discount_amount: 333, total_tax_amount: 6_913 });
    expect(addsUp(one!)).toBe(true);

    const afterFirst = managedOrder({ captures: [capture(first.lines)] });
    const rest = captured(planCapture(afterFirst, { "TH-MUG-450": 2 }, NOW, sek));
    const [two] = rest.lines;
    expect(two).toMatchObject({ quantity: 2, total_amount: 69_133, total_discount_amount: 667, total_tax_amount: 13_827 });
    expect(one!.total_amount + two!.total_amount).toBe(MUGS.total_amount);
    expect(one!.total_tax_amount! + two!.total_tax_amount!).toBe(MUGS.total_tax_amount);
    expect(addsUp(two!)).toBe(true);
  });

  it("offers each quantity at the exact amount a capture of it would send", () => {
    const [, mugs] = selectableLines(orderLedger(managedOrder()), "captured");
    expect(mugs).toMatchObject({ key: "TH-MUG-450", available: 3, amounts: [0, 34_567, 69_133, 103_700] });
  });

  it("refuses more than is left to capture of a line", () => {
    const order = managedOrder({ captures: [capture([DAYPACK]), capture([{ ...MUGS, quantity: 2, total_amount: 69_133 }])] });
    expect(planCapture(order, { "TH-DAYPACK-28": 1 }, NOW, sek)).toEqual({
      ok: false,
      message: "Ridgeline Daypack 28 L is already captured in full.",
    });
    expect(planCapture(order, { "TH-MUG-450": 2 }, NOW, sek)).toEqual({
      ok: false,
      message: "Only 1 × Titanium Mug 450 is left to capture, not 2.",
    });
  });

  it("refuses negative, fractional and all-zero quantities, and lines the order does not have", () => {
    const order = managedOrder();
    expect(planCapture(order, { "TH-MUG-450": -1 }, NOW, sek)).toMatchObject({
      ok: false,
      message: "The quantity of Titanium Mug 450 cannot be negative.",
    });
    expect(planCapture(order, { "TH-MUG-450": 1.5 }, NOW, sek)).toMatchObject({
      message: "The quantity of Titanium Mug 450 must be a whole number.",
    });
    expect(planCapture(order, { "TH-MUG-450": Number.NaN }, NOW, sek)).toMatchObject({ ok: false });
    expect(planCapture(order, { "TH-MUG-450": 0, "TH-DAYPACK-28": 0 }, NOW, sek)).toMatchObject({
      message: "Choose at least one line and how many of it to capture.",
    });
    expect(planCapture(order, { "NO-SUCH-SKU": 1 }, NOW, sek)).toMatchObject({
      message: "This order has no line “NO-SUCH-SKU”. Reload the order and try again.",
    });
  });

  it("refuses a capture above what remains authorized, even when the lines are still uncaptured", () => {
    // A capture by amount only (made elsewhere) leaves the lines uncaptured but the authorization nearly used up.
    const order = managedOrder({ captures: [{ capture_id: "c1", captured_amount: 200_000 }] });
    expect(planCapture(order, { "TH-DAYPACK-28": 1 }, NOW, sek)).toEqual({
      ok: false,
      message: `The capture comes to ${sek(109_900)}, but only ${sek(18_500)} remains authorized.`,
    });
  });

  it("says in plain words why an order cannot be captured at all", () => {
    const full = managedOrder({ captures: [capture([DAYPACK, MUGS, SHIPPING])] });
    expect(planCapture(full, { shipping: 1 }, NOW, sek)).toMatchObject({ message: "This order was already captured in full." });
    const released = managedOrder({ captures: [capture([DAYPACK])], status: "CAPTURED", remaining_authorized_amount: 0 });
    expect(planCapture(released, { "TH-MUG-450": 1 }, NOW, sek)).toMatchObject({
      message: expect.stringContaining("The rest of the authorization was released or has expired"),
    });
    expect(planCapture(managedOrder({ status: "CANCELLED", remaining_authorized_amount: 0 }), { shipping: 1 }, NOW, sek)).toMatchObject({
      message: "This order was cancelled, so nothing can be captured.",
    });
    expect(planCapture(managedOrder({ fraud_status: "PENDING" }), { shipping: 1 }, NOW, sek)).toMatchObject({
      message: expect.stringContaining("still reviewing this order for fraud"),
    });
    expect(planCapture(managedOrder({ expires_at: "2026-02-28T12:00:00.000Z" }), { shipping: 1 }, NOW, sek)).toMatchObject({
      message: "The authorization has expired, so Klarna no longer accepts captures for this order.",
    });
  });
});

describe("refund planning", () => {
  it("refunds a captured line at the amount it was captured for", () => {
    const first = captured(planCapture(managedOrder(), { "TH-MUG-450": 1, "TH-DAYPACK-28": 1 }, NOW, sek));
    const order = managedOrder({ captures: [capture(first.lines)] });
    const plan = planRefund(order, { "TH-MUG-450": 1 }, sek);
    expect(plan).toMatchObject({ ok: true, amount: 34_567, description: "1 × Titanium Mug 450" });
    if (plan.ok) expect(refundRequestSchema.safeParse({ refunded_amount: plan.amount, order_lines: plan.lines }).success).toBe(true);
  });

  it("refuses to refund what was not captured, or more than is captured and not yet refunded", () => {
    expect(planRefund(managedOrder(), { "TH-DAYPACK-28": 1 }, sek)).toMatchObject({
      message: "Nothing has been captured yet, so there is nothing to refund. Cancel the order instead if it will not ship.",
    });
    const order = managedOrder({
      captures: [capture([DAYPACK, { ...MUGS, quantity: 1, total_amount: 34_567 }])],
      refunds: [refund([DAYPACK])],
    });
    expect(planRefund(order, { "TH-DAYPACK-28": 1 }, sek)).toMatchObject({ message: "Ridgeline Daypack 28 L is already refunded in full." });
    expect(planRefund(order, { "TH-MUG-450": 2 }, sek)).toMatchObject({
      message: "Only 1 × Titanium Mug 450 was captured and not yet refunded, not 2.",
    });
    expect(planRefund(order, { shipping: 1 }, sek)).toMatchObject({ message: "Shipping has not been captured, so it cannot be refunded." });
    expect(planRefund(order, { "TH-MUG-450": -2 }, sek)).toMatchObject({ message: "The quantity of Titanium Mug 450 cannot be negative." });
    expect(planRefund(order, {}, sek)).toMatchObject({ message: "Choose at least one line and how many of it to refund." });
  });

  it("refuses a refund above what is captured and not yet refunded", () => {
    // The line was captured, but a refund by amount only (made elsewhere) already paid most of it back.
    const order = managedOrder({ captures: [capture([DAYPACK])], refunds: [{ refund_id: "r1", refunded_amount: 100_000 }] });
    expect(planRefund(order, { "TH-DAYPACK-28": 1 }, sek)).toEqual({
      ok: false,
      message: `The refund comes to ${sek(109_900)}, but only ${sek(9_900)} is captured and not yet refunded.`,
    });
    const all = managedOrder({ captures: [capture([DAYPACK])], refunds: [refund([DAYPACK])] });
    expect(planRefund(all, { "TH-DAYPACK-28": 1 }, sek)).toMatchObject({ message: "Everything captured on this order has already been refunded." });
  });
});

describe("cancel, release and extend", () => {
  it("cancels only an order with nothing captured", () => {
    expect(cancelRefusal(managedOrder())).toBeNull();
    expect(cancelRefusal(managedOrder({ captures: [capture([SHIPPING])] }))).toMatch(/already captured, so it can no longer be cancelled/);
    expect(cancelRefusal(managedOrder({ status: "CANCELLED" }))).toBe("This order is already cancelled.");
  });

  it("releases only the rest of a partly captured order", () => {
    expect(releaseRefusal(managedOrder(), NOW)).toMatch(/cancel the order instead/);
    expect(releaseRefusal(managedOrder({ captures: [capture([DAYPACK])] }), NOW)).toBeNull();
    expect(releaseRefusal(managedOrder({ captures: [capture([DAYPACK, MUGS, SHIPPING])] }), NOW)).toMatch(/nothing to release/);
  });

  it("extends only a live authorization with something left on it", () => {
    expect(extendRefusal(managedOrder(), NOW)).toBeNull();
    expect(extendRefusal(managedOrder({ expires_at: "2026-03-01T11:59:59.000Z" }), NOW)).toMatch(/already expired/);
    expect(extendRefusal(managedOrder({ captures: [capture([DAYPACK, MUGS, SHIPPING])] }), NOW)).toMatch(/nothing to extend/);
  });
});
