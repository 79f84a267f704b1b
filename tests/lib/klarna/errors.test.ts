import { describe, expect, it } from "vitest";
import {
  describeKlarnaError,
  isKlarnaNotFound,
  KlarnaApiError,
  KlarnaUnavailableError,
  type KlarnaOperation,
} from "@/lib/klarna";

function refusal(errorCode: string | undefined, status = 403, operation: KlarnaOperation = "orders.capture") {
  const errorMessages = ['raw detail {"x":1}'];
  return new KlarnaApiError({ operation, status, errorCode, errorMessages, correlationId: "c-1" });
}

describe("describeKlarnaError", () => {
  // Order Management's documented codes, plus two the store describes though Klarna's page does not list them.
  const orderManagementCodes: Array<[string, number]> = [
    ["CAPTURE_NOT_ALLOWED", 403],
    ["REFUND_NOT_ALLOWED", 403],
    ["CANCEL_NOT_ALLOWED", 403],
    ["NOT_ALLOWED", 403],
    ["NO_SUCH_ORDER", 404],
    ["NO_SUCH_CAPTURE", 404],
    ["NOT_FOUND", 400],
    ["CONFLICT", 409],
    ["REQUEST_TOO_LARGE", 413],
    ["UNPROCESSABLE_ENTITY", 422],
    ["INVALID_ADDRESS", 422],
    ["BAD_VALUE", 400],
    ["NO_ACTIONS_ALLOWED", 403],
    ["ORDER_EXPIRED", 403],
  ];

  it.each(orderManagementCodes)("explains %s in plain words, without codes or Klarna's raw body", (code, status) => {
    const sentence = describeKlarnaError(refusal(code, status));
    expect(sentence).not.toContain(code);
    expect(sentence).not.toMatch(/[{}"]|raw detail/);
    expect(sentence).not.toBe(describeKlarnaError(refusal(undefined, status)));
    expect(sentence).toMatch(/\.$/);
  });

  it("says which change Klarna did not allow", () => {
    const err = refusal("NOT_ALLOWED", 403, "orders.releaseRemainingAuthorization");
    expect(describeKlarnaError(err)).toMatch(/^Klarna did not allow the release of the remaining authorization: /);
  });

  it("tells a refused order placement apart from a bad value", () => {
    expect(describeKlarnaError(refusal("BAD_VALUE", 409, "payments.placeOrder"))).toBe(
      "Klarna refused the order because it no longer matches what the customer authorized.",
    );
    expect(describeKlarnaError(refusal("BAD_VALUE", 400, "payments.placeOrder"))).toMatch(
      /^Klarna rejected a value in the order, /,
    );
  });

  it("points at the credentials when Klarna answers 401", () => {
    expect(describeKlarnaError(refusal(undefined, 401, "orders.get"))).toMatch(/KLARNA_USERNAME and KLARNA_PASSWORD/);
  });

  it("falls back to the HTTP status for a code it does not know", () => {
    expect(describeKlarnaError(refusal("SOMETHING_NEW", 418, "orders.refund"))).toBe(
      "Klarna refused the refund (HTTP 418).",
    );
  });

  it("tells the merchant a failed write may have happened, but a failed read changed nothing", () => {
    const write = new KlarnaUnavailableError({ operation: "orders.refund", reason: "timeout", detail: "no answer" });
    const read = new KlarnaUnavailableError({ operation: "orders.get", reason: "server", detail: "HTTP 502" });
    expect(describeKlarnaError(write)).toMatch(/not known whether the change took effect/);
    expect(describeKlarnaError(read)).toBe(
      "Klarna could not be reached or did not answer properly. Try again in a moment.",
    );
  });

  it("does not repeat the message of an error that did not come from Klarna", () => {
    const sentence = describeKlarnaError(new Error("SQLITE_BUSY: database is locked at /srv/data/store.db"));
    expect(sentence).not.toMatch(/SQLITE|store\.db/);
  });
});

describe("isKlarnaNotFound", () => {
  it("is true for Klarna's 404s and Order Management's 400 NOT_FOUND", () => {
    expect(isKlarnaNotFound(refusal("NO_SUCH_ORDER", 404))).toBe(true);
    expect(isKlarnaNotFound(refusal(undefined, 404))).toBe(true);
    expect(isKlarnaNotFound(refusal("NOT_FOUND", 400, "orders.refund"))).toBe(true);
  });

  it("is false for a session that was already used, other refusals and outages", () => {
    expect(isKlarnaNotFound(refusal("SESSION_COMPLETED", 404, "payments.placeOrder"))).toBe(false);
    expect(isKlarnaNotFound(refusal("CAPTURE_NOT_ALLOWED", 403))).toBe(false);
    const outage = new KlarnaUnavailableError({ operation: "orders.get", reason: "server", detail: "HTTP 502" });
    expect(isKlarnaNotFound(outage)).toBe(false);
    expect(isKlarnaNotFound(new Error("not found"))).toBe(false);
  });
});
