import { describe, expect, it } from "vitest";
import { rejectionPath } from "@/lib/validation/denials";

describe("rejectionPath", () => {
  it("carries the reason, item and country as codes, never free text", () => {
    expect(rejectionPath({ reason: "undeliverable_country", sku: "TS-FD-810", country: "US", detail: "Freeze-dried chili is only shipped within the EU" })).toBe(
      "/checkout/rejected?reason=undeliverable_country&item=TS-FD-810&country=US",
    );
    expect(rejectionPath({ reason: "blocked", detail: "Blocked email" })).toBe("/checkout/rejected?reason=blocked");
    expect(rejectionPath({ reason: "out_of_stock", sku: "TS-CL-101", detail: "x" })).toBe("/checkout/rejected?reason=out_of_stock&item=TS-CL-101");
  });

  it("escapes what it carries", () => {
    expect(rejectionPath({ reason: "out_of_stock", sku: "A&B=C", detail: "x" })).toBe("/checkout/rejected?reason=out_of_stock&item=A%26B%3DC");
  });
});
