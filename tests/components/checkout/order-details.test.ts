import { describe, expect, it } from "vitest";
import { cancelledPaymentText, formatOrderDate } from "@/components/checkout/order-details";
import { PROVIDER_IDS, PROVIDER_LABELS, providerBrand } from "@/lib/payments/provider";

describe("the shopper's order page words", () => {
  it("dates an order in its market's format, never as a raw timestamp", () => {
    const at = "2026-12-07T01:01:58.000Z";
    expect(formatOrderDate(at, "SE")).toBe("7 december 2026");
    expect(formatOrderDate(at, "DE")).toBe("7. Dezember 2026");
    expect(formatOrderDate(at, "GB")).toBe("7 December 2026");
    expect(formatOrderDate(at, "US")).toBe("December 7, 2026");
    expect(formatOrderDate(at, "SE")).not.toContain("GMT");
  });

  it("says what became of a cancelled order's payment", () => {
    expect(cancelledPaymentText({ capturedAmount: 0, refundedAmount: 0 }, "Klarna")).toBe(
      "The payment was cancelled at Klarna and its authorization released, so you will not be charged.",
    );
    expect(cancelledPaymentText({ capturedAmount: 500, refundedAmount: 500 }, "Kustom")).toBe("What was charged has been refunded through Kustom.");
    // Part of it still charged: no promise the store cannot keep.
    expect(cancelledPaymentText({ capturedAmount: 500, refundedAmount: 100 }, "Klarna")).toBeNull();
  });

  it("names a Kustom order Kustom's and every other provider's Klarna's, from the one list of names", () => {
    expect(Object.fromEntries(PROVIDER_IDS.map((id) => [id, providerBrand(id)]))).toEqual({
      "klarna-payments": "Klarna",
      kustom: "Kustom",
      "checkout-com": "Klarna",
      "klarna-network": "Klarna",
    });
    for (const id of PROVIDER_IDS) expect(PROVIDER_LABELS[id].startsWith(providerBrand(id))).toBe(true);
  });
});
