import { describe, expect, it, vi } from "vitest";
import { POST } from "@/app/api/kustom/validation/route";
import type { CheckoutSession } from "@/lib/checkout/session-store";
import { kustomMerchantUrls } from "@/lib/payments/kustom/merchant-urls";
import { kustomValidationBodySchema } from "@/lib/payments/kustom/validation";
import { expectMatchesExample, vendorExample } from "@/tests/support/vendor-examples";
import { cartWith, kustomOrderOf, kustomSessionFor, setStock } from "../lib/validation/support";

/*
 * Kustom's callbacks to the store, held to the vendor's examples: the validation request the spec documents must be
 * read, and the store's answers must be the ones the validate-order page (seed 001) and the callbacks spec document.
 */

// env() is read once, on first use: the store's public URL must be set before anything touches it.
const STORE_URL = vi.hoisted(() => {
  const url = "https://shop.trailhead.test";
  process.env.STORE_URL = url;
  return url;
});

const specRequest = vendorExample("kustom", "spec-post-callback-validation-request");
const documentedStatuses = [200, 301, 302, 303, 307, 400].filter((status) =>
  vendorExample("kustom", `spec-post-callback-validation-${status}`),
);

/** Kustom's validation call: the documented order with the session's own id, amounts and lines. */
function validate(session: CheckoutSession): Promise<Response> {
  const template = kustomMerchantUrls(STORE_URL, session.callbackToken).validation!;
  const url = template.replace("{checkout.order.id}", encodeURIComponent(session.klarnaSessionId));
  const body = { ...(specRequest.request!.body as object), ...kustomOrderOf(session) };
  return POST(new Request(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }));
}

describe("Kustom's validation callback, as the vendor documents it", () => {
  it("reads the documented validation request and checkout order verbatim", () => {
    for (const body of [specRequest.request!.body, vendorExample("kustom", "spec-get-orders-order-id-200").response!.body]) {
      const parsed = kustomValidationBodySchema.safeParse(body);
      expect(parsed.error?.issues ?? []).toEqual([]);
    }
  });

  it("approves with 200 and no redirect (seed 001)", async () => {
    const session = await kustomSessionFor(await cartWith([{ slug: "titanium-mug-450", quantity: 1 }]));
    const response = await validate(session);
    expectMatchesExample({ status: response.status, body: undefined }, vendorExample("kustom", "seed-001-validation-approve-200"));
    expect(response.headers.get("location")).toBeNull();
  });

  it("denies with 303 and a Location on the store's own HTTPS page (seed 001)", async () => {
    const session = await kustomSessionFor(await cartWith([{ slug: "arctic-sleeping-bag", quantity: 2 }]));
    await setStock("arctic-sleeping-bag", 1);
    const response = await validate(session);
    const example = vendorExample("kustom", "seed-001-validation-deny-303");
    expectMatchesExample({ status: response.status, body: undefined }, example);
    for (const header of Object.keys(example.response!.headers!)) expect(response.headers.get(header)).toBeTruthy();
    expect(new URL(response.headers.get("location")!).origin).toBe(STORE_URL);
    expect(documentedStatuses).toContain(response.status);
  });
});
