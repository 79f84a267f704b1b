import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectMatchesExample, vendorExample } from "@/tests/support/vendor-examples";
import { asRecord, kustomApi, placeOrder, startSimulator, type TestSimulator } from "@/simulator/tests/helpers";

/*
 * Order edits as the simulator applies them (simulator/order-management/order-management.ts), held to
 * reference/klarna/ordermanagement-v1.openapi.json and its examples in reference/examples/order-management/.
 */
const OM = (name: string) => vendorExample("order-management", name);
const LINE = { type: "physical", reference: "mug-01", name: "Ceramic mug", unit_price: 25000, tax_rate: 2500, total_discount_amount: 0 };
const lines = (mugs: number) => [
  { ...LINE, quantity: mugs, total_amount: mugs * 25000, total_tax_amount: mugs * 5000 },
  { type: "shipping_fee", name: "Shipping", quantity: 1, unit_price: 2500, tax_rate: 2500, total_amount: 2500, total_tax_amount: 500 },
];

describe("order edits in the simulator", () => {
  let t: TestSimulator;
  beforeAll(async () => {
    t = await startSimulator();
  });
  afterAll(() => t.close());

  it("accepts a decrease and an increase, and GET order shows the new amount and lines", async () => {
    const { orderId } = await placeOrder(t);
    const base = `/ordermanagement/v1/orders/${orderId}`;
    const down = await t.api("PATCH", `${base}/authorization`, { order_amount: 27500, order_lines: lines(1) });
    expectMatchesExample({ status: down.status, body: undefined }, OM("spec-patch-orders-order-id-authorization-204"));
    expect(asRecord((await t.api("GET", base)).body)).toMatchObject({ order_amount: 27500, original_order_amount: 52500, remaining_authorized_amount: 27500 });
    expect((await t.api("PATCH", `${base}/authorization`, { order_amount: 77500, order_lines: lines(3) })).status).toBe(204);
    const order = asRecord((await t.api("GET", base)).body);
    expect(order.order_amount).toBe(77500);
    expect((order.order_lines as { quantity: number }[])[0]!.quantity).toBe(3);
  });

  it("declines an increase above the approved amount for the +no-increase persona with Klarna's 403 body, and keeps the order", async () => {
    const { orderId } = await placeOrder(t, { email: "customer+no-increase@email.se" });
    const base = `/ordermanagement/v1/orders/${orderId}`;
    const up = await t.api("PATCH", `${base}/authorization`, { order_amount: 77500, order_lines: lines(3) });
    expectMatchesExample(up, OM("spec-patch-orders-order-id-authorization-403"));
    expect(asRecord(up.body).error_code).toBe("NOT_ALLOWED");
    expect(asRecord((await t.api("GET", base)).body).order_amount).toBe(52500);
    // A decrease is accepted, and so is going back up to the approved amount; above it is declined again.
    expect((await t.api("PATCH", `${base}/authorization`, { order_amount: 27500, order_lines: lines(1) })).status).toBe(204);
    expect((await t.api("PATCH", `${base}/authorization`, { order_amount: 52500, order_lines: lines(2) })).status).toBe(204);
    expect((await t.api("PATCH", `${base}/authorization`, { order_amount: 77500, order_lines: lines(3) })).status).toBe(403);
    expect(asRecord((await t.api("GET", base)).body).order_amount).toBe(52500);
  });

  it("stores customer details and merchant references and returns them on GET order; refuses references on a cancelled order", async () => {
    const { orderId } = await placeOrder(t);
    const base = `/ordermanagement/v1/orders/${orderId}`;
    const request = OM("spec-patch-orders-order-id-customer-details-request").request!.body as { shipping_address: object };
    const details = await t.api("PATCH", `${base}/customer-details`, { shipping_address: request.shipping_address });
    expectMatchesExample({ status: details.status, body: undefined }, OM("spec-patch-orders-order-id-customer-details-204"));
    const refs = await t.api("PATCH", `${base}/merchant-references`, { merchant_reference1: "PO-4711" });
    expectMatchesExample({ status: refs.status, body: undefined }, OM("spec-patch-orders-order-id-merchant-references-204"));
    const order = asRecord((await t.api("GET", base)).body);
    expect(order.shipping_address).toMatchObject({ street_address: "Apartment 10", city: "Knoxville" });
    expect(order.merchant_reference1).toBe("PO-4711");
    expect((await t.api("POST", `${base}/cancel`)).status).toBe(204);
    expectMatchesExample(await t.api("PATCH", `${base}/merchant-references`, { merchant_reference1: "PO-2" }), OM("spec-patch-orders-order-id-merchant-references-403"));
  });

  it("offers due date extensions for a pay-later invoice capture, extends by an offered number, and triggers the send-out", async () => {
    const { orderId } = await placeOrder(t);
    const base = `/ordermanagement/v1/orders/${orderId}`;
    const capture = await t.api("POST", `${base}/captures`, { captured_amount: 52500 });
    const captureId = capture.headers.get("capture-id")!;
    const options = await t.api("GET", `${base}/captures/${captureId}/extend-due-date-options`);
    expectMatchesExample(options, OM("spec-get-orders-order-id-captures-capture-id-extend-due-date-options-200"));
    const offered = (asRecord(options.body).options as { number_of_days: number }[]).map((option) => option.number_of_days);
    expect(offered.length).toBeGreaterThan(0);
    expect((await t.api("PATCH", `${base}/captures/${captureId}/extend-due-date`, { number_of_days: offered[0] })).status).toBe(204);
    expectMatchesExample(
      { ...(await t.api("PATCH", `${base}/captures/${captureId}/extend-due-date`, { number_of_days: 3 })), body: undefined },
      OM("spec-patch-orders-order-id-captures-capture-id-extend-due-date-403"),
    );
    const sendOut = await t.api("POST", `${base}/captures/${captureId}/trigger-send-out`);
    expectMatchesExample({ status: sendOut.status, body: undefined }, OM("spec-post-orders-order-id-captures-capture-id-trigger-send-out-204"));
    expectMatchesExample(await t.api("POST", `${base}/captures/nope/trigger-send-out`), OM("spec-post-orders-order-id-captures-capture-id-trigger-send-out-404"));
  });

  it("refuses the authorization update under the wrong method, and at the other API's base URL", async () => {
    const { orderId } = await placeOrder(t);
    expect((await t.api("POST", `/ordermanagement/v1/orders/${orderId}/authorization`, { order_amount: 1 })).status).toBe(405);
    expect((await kustomApi(t, "PATCH", `/ordermanagement/v1/orders/${orderId}/authorization`, { order_amount: 1 })).status).toBe(404);
  });
});
