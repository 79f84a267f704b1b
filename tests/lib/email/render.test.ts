import { describe, expect, it } from "vitest";
import { emailsFor } from "@/lib/email/events";
import { SAMPLE_ORDER, sampleEmails } from "@/lib/email/preview";
import { renderEmail } from "@/lib/email/render";

const ctx = { storeName: "Trailhead Supply Co.", orderUrl: "https://shop.example/orders/abc" };

describe("rendering shopper emails", () => {
  it("writes every kind in HTML and plain text, with a subject naming the order", () => {
    const emails = sampleEmails();
    expect(emails.map((entry) => entry.kind)).toEqual(["confirmation", "shipping", "refund", "cancellation", "order_link"]);
    for (const { email } of emails) {
      expect(email.subject).toContain(SAMPLE_ORDER.orderNumber);
      expect(email.html).toMatch(/^<!doctype html>/);
      expect(email.text).toContain(SAMPLE_ORDER.orderNumber);
    }
  });

  it("shows money in the market's currency and format, the payment method in words and the addresses", () => {
    const { text, html } = renderEmail("confirmation", SAMPLE_ORDER, {}, ctx);
    expect(text).toContain("1 × Ridgeline Daypack 28 L  109,90\u00a0€");
    expect(text).toContain("Discount WELCOME10  -11,85\u00a0€");
    expect(text).toContain("Total: 167,85\u00a0€ (tax 26,80\u00a0€)");
    expect(text).toContain("Payment: Pay later in 30 days");
    expect(text).toContain("41460 Neuss");
    expect(text).toContain("Germany");
    expect(html).toContain('href="https://shop.example/orders/abc"');
    const sek = renderEmail("confirmation", { ...SAMPLE_ORDER, market: "SE", currency: "SEK", orderAmount: 123_400 }, {}, ctx);
    expect(sek.text).toMatch(/Total: 1\s234,00\s?kr/);
  });

  it("links the tracking only when it is a web address, and escapes what a merchant or shopper typed", () => {
    const shipped = renderEmail("shipping", SAMPLE_ORDER, { shippingInfo: { shipping_company: "<b>DHL</b>", tracking_number: "1", tracking_uri: "javascript:alert(1)" } }, ctx);
    expect(shipped.html).not.toContain("javascript:");
    expect(shipped.html).toContain("&lt;b&gt;DHL&lt;/b&gt;");
    const named = renderEmail("confirmation", { ...SAMPLE_ORDER, billingAddress: { given_name: '<img src=x onerror="x">' } }, {}, ctx);
    expect(named.html).not.toContain("<img");
  });

  it("says what was refunded, in money", () => {
    expect(renderEmail("refund", SAMPLE_ORDER, { amount: 3_490 }, ctx).text).toContain("We have refunded 34,90\u00a0€");
  });
});

describe("which events call for which email", () => {
  it("maps the store's events to emails, keyed so a repeat of the same event is the same email", () => {
    expect(emailsFor({ action: "acknowledge", outcome: "acknowledged" })).toEqual([{ kind: "confirmation", eventKey: "placed", payload: {} }]);
    expect(emailsFor({ action: "finalize", outcome: "created" })).toEqual([]);
    expect(emailsFor({ action: "finalize", outcome: "existing" })).toEqual([]);
    expect(emailsFor({ action: "acknowledge", outcome: "failed" })).toEqual([]);
    expect(emailsFor({ action: "cancel", outcome: "cancelled" })[0]!.eventKey).toBe("cancelled");
    expect(emailsFor({ action: "cancel", outcome: "ok" })[0]!.eventKey).toBe("cancelled");
    expect(emailsFor({ action: "capture", outcome: "repeat" })).toEqual([]);
    expect(emailsFor({ action: "capture", outcome: "refused" })).toEqual([]);
    const capture = emailsFor({ action: "capture", outcome: "ok", detail: "Captured 10 kr (capture c-1) · by m [key:k]" });
    expect(capture[0]).toMatchObject({ kind: "shipping", eventKey: "captured:c-1" });
    expect(emailsFor({ action: "capture", outcome: "ok", detail: "Captured. [key:k-2]" })[0]!.eventKey).toBe("captured:k-2");
    expect(emailsFor({ action: "refund", outcome: "ok", detail: "Refunded (refund r-9) [key:x]", amount: 100 })[0]).toEqual({
      kind: "refund",
      eventKey: "refunded:r-9",
      payload: { amount: 100 },
    });
    expect(emailsFor({ action: "shipping_info", outcome: "ok", detail: "[key:t]" })).toEqual([]);
  });
});
