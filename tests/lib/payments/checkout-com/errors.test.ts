import { describe, expect, it } from "vitest";
import { CheckoutComApiError, CheckoutComUnavailableError, hasErrorCode, isNotFound } from "@/lib/payments/checkout-com/errors";

describe("Checkout.com errors across bundled copies of their module", () => {
  it("are recognised when thrown by another copy of the classes, as Next.js bundles one per chunk", async () => {
    // A second instance of the module, as a route handler's chunk has when the client was made by a page's chunk.
    const another = "@/lib/payments/checkout-com/errors?another-chunk";
    const copy = (await import(/* @vite-ignore */ another)) as typeof import("@/lib/payments/checkout-com/errors");
    expect(copy.CheckoutComApiError).not.toBe(CheckoutComApiError);

    const notFound = new copy.CheckoutComApiError("read payment", 404, undefined, []);
    expect(isNotFound(notFound)).toBe(true);
    expect(notFound instanceof CheckoutComApiError).toBe(true);
    expect(hasErrorCode(new copy.CheckoutComApiError("request payment", 422, "request_invalid", ["amount_invalid"]), "amount_invalid")).toBe(true);
    expect(new copy.CheckoutComUnavailableError("read payment", "timeout") instanceof CheckoutComUnavailableError).toBe(true);
  });

  it("are not confused with each other or with plain errors", () => {
    expect(new CheckoutComUnavailableError("read payment", "timeout") instanceof CheckoutComApiError).toBe(false);
    expect(new Error("Checkout.com read payment failed: 404") instanceof CheckoutComApiError).toBe(false);
    expect(isNotFound({ status: 404, name: "CheckoutComApiError" })).toBe(false);
    expect(isNotFound(new CheckoutComApiError("read payment", 500, undefined, []))).toBe(false);
  });
});
