import { describe, expect, it } from "vitest";
import { shapeDifferences } from "./vendor-examples";

describe("shapeDifferences", () => {
  it("finds a missing field, a field of another type, and looks inside arrays", () => {
    const example = { id: "pay_1", status: "Pending", processing: { partner_order_id: "x" }, items: [{ quantity: 1 }] };
    expect(shapeDifferences(example, example)).toEqual([]);
    expect(
      shapeDifferences({ id: 1, status: "Pending", processing: {}, items: [{ quantity: "1" }], extra: true }, example),
    ).toEqual([
      "$.id: expected string, got number",
      "$.processing.partner_order_id: missing",
      "$.items[0].quantity: expected number, got string",
    ]);
  });

  it("lets a null in the example stand for any value", () => {
    expect(shapeDifferences({ reference: "r" }, { reference: null })).toEqual([]);
  });
});
