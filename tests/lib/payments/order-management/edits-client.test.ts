import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createKlarnaClient, KlarnaApiError, type KlarnaClient } from "@/lib/klarna";
import { createKustomClient } from "@/lib/payments/kustom/client";
import { jsonBody, startFakeKlarna, type FakeKlarna } from "@/tests/lib/klarna/fake-klarna";
import { replay, vendorExample } from "@/tests/support/vendor-examples";

/*
 * The order-edit calls of Order Management (lib/payments/order-management/edits-client.ts) against the answers of
 * reference/examples/order-management/, and what they put on the wire (reference/klarna/ordermanagement-v1.openapi.json).
 */
const OM = (name: string) => vendorExample("order-management", name);
const KEY = { idempotencyKey: "edit-key-1" };

describe("Order Management's order-edit calls", () => {
  let fake: FakeKlarna;
  let client: KlarnaClient;
  beforeAll(async () => {
    fake = await startFakeKlarna();
    client = createKlarnaClient({ apiUrl: fake.url, username: "u", password: "p", timeoutMs: 2000 });
  });
  beforeEach(() => fake.reset());
  afterAll(() => fake.close());

  it("sends the vendor's example body for a new authorization as PATCH …/authorization, with the key", async () => {
    replay(fake, OM("spec-patch-orders-order-id-authorization-204"));
    const example = OM("spec-patch-orders-order-id-authorization-request").request!.body as { order_lines: unknown[]; description: string };
    // The printed example lacks the required order_amount and the lines' name, unit_price and total_amount.
    const line = { ...(example.order_lines[0] as object), name: "Headphones", unit_price: 1000, total_amount: 1000 };
    await client.orders.updateAuthorization("o 1", { order_amount: 1000, description: example.description, order_lines: [line] as never }, KEY);
    const [request] = fake.received;
    expect(request!.method).toBe("PATCH");
    expect(request!.url).toBe("/ordermanagement/v1/orders/o%201/authorization");
    expect(request!.headers["klarna-idempotency-key"]).toBe("edit-key-1");
    expect(jsonBody(request)).toMatchObject({ order_amount: 1000, description: "Added charger", order_lines: [{ reference: "75001", quantity: 1 }] });
  });

  it("reads the documented 403 of an increase as Klarna's refusal with its code", async () => {
    replay(fake, OM("spec-patch-orders-order-id-authorization-403"));
    const error = await client.orders.updateAuthorization("o-1", { order_amount: 5000 }, KEY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KlarnaApiError);
    expect((error as KlarnaApiError).status).toBe(403);
    expect((error as KlarnaApiError).errorCode).toBe("NOT_ALLOWED");
    expect((error as KlarnaApiError).correlationId).toBe("66782175-ae05-44fc-9eb3-eeceadbad271");
  });

  it("refuses a negative or fractional amount before sending anything", async () => {
    await expect(client.orders.updateAuthorization("o-1", { order_amount: -1 }, KEY)).rejects.toThrow();
    await expect(client.orders.updateAuthorization("o-1", { order_amount: 10.5 }, KEY)).rejects.toThrow();
    await expect(client.orders.extendDueDate("o-1", "c-1", 0, KEY)).rejects.toThrow(TypeError);
    expect(fake.received).toHaveLength(0);
  });

  it("sends the vendor's customer-details example verbatim and reads its 204 and 403", async () => {
    replay(fake, OM("spec-patch-orders-order-id-customer-details-204"));
    const body = OM("spec-patch-orders-order-id-customer-details-request").request!.body as { shipping_address: object };
    await client.orders.updateCustomerDetails("o-1", { shipping_address: body.shipping_address }, KEY);
    expect(fake.received[0]!.method).toBe("PATCH");
    expect(fake.received[0]!.url).toBe("/ordermanagement/v1/orders/o-1/customer-details");
    expect(jsonBody(fake.received[0])).toEqual({ shipping_address: body.shipping_address });
    fake.reset();
    replay(fake, OM("spec-patch-orders-order-id-customer-details-403"));
    await expect(client.orders.updateCustomerDetails("o-1", { shipping_address: body.shipping_address }, KEY)).rejects.toBeInstanceOf(KlarnaApiError);
  });

  it("reads due date options, even the printed example without options, and extends by a chosen number of days", async () => {
    replay(fake, OM("spec-get-orders-order-id-captures-capture-id-extend-due-date-options-200"));
    expect(await client.orders.dueDateOptions("o-1", "c-1")).toEqual({ currency: "usd", options: [] });
    expect(fake.received[0]!.url).toBe("/ordermanagement/v1/orders/o-1/captures/c-1/extend-due-date-options");
    fake.reset();
    fake.answerWith(() => ({ status: 200, body: { currency: "sek", options: [{ number_of_days: 14, amount: 500 }] } }));
    expect((await client.orders.dueDateOptions("o-1", "c-1")).options).toEqual([{ number_of_days: 14, amount: 500 }]);
    fake.reset();
    replay(fake, OM("spec-patch-orders-order-id-captures-capture-id-extend-due-date-204"));
    await client.orders.extendDueDate("o-1", "c-1", 14, KEY);
    expect(fake.received[0]!.method).toBe("PATCH");
    expect(fake.received[0]!.url).toBe("/ordermanagement/v1/orders/o-1/captures/c-1/extend-due-date");
    expect(jsonBody(fake.received[0])).toEqual({ number_of_days: 14 });
    fake.reset();
    replay(fake, OM("spec-patch-orders-order-id-captures-capture-id-extend-due-date-403"));
    const refused = await client.orders.extendDueDate("o-1", "c-1", 14, KEY).catch((e: unknown) => e);
    expect((refused as KlarnaApiError).status).toBe(403);
  });

  it("triggers the send-out with POST and no body; a missing capture is 404", async () => {
    replay(fake, OM("spec-post-orders-order-id-captures-capture-id-trigger-send-out-204"));
    await client.orders.triggerSendOut("o-1", "c-1", KEY);
    expect(fake.received[0]!.method).toBe("POST");
    expect(fake.received[0]!.url).toBe("/ordermanagement/v1/orders/o-1/captures/c-1/trigger-send-out");
    expect(fake.received[0]!.body).toBe("");
    fake.reset();
    replay(fake, OM("spec-post-orders-order-id-captures-capture-id-trigger-send-out-404"));
    const error = await client.orders.triggerSendOut("o-1", "c-1", KEY).catch((e: unknown) => e);
    expect((error as KlarnaApiError).status).toBe(404);
  });

  it("reaches Kustom's Order Management with the same calls", async () => {
    const kustom = createKustomClient({ apiUrl: fake.url, username: "u", password: "p", timeoutMs: 2000 });
    replay(fake, OM("spec-patch-orders-order-id-merchant-references-204"));
    await kustom.orders.updateAuthorization("k-1", { order_amount: 0, order_lines: [] }, KEY);
    expect(fake.received[0]!.url).toBe("/ordermanagement/v1/orders/k-1/authorization");
  });
});
