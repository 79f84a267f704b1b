import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as actions from "@/components/admin/order-edits/actions";

// The order-edit server actions are public endpoints whatever the page showed: without a session they answer 401
// and send nothing to Klarna.
vi.mock("@/lib/admin/session", () => ({ currentMerchant: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const fetchSpy = vi.spyOn(globalThis, "fetch");
beforeAll(() => {
  fetchSpy.mockImplementation(async () => {
    throw new Error("nothing may be sent to Klarna for an anonymous caller");
  });
});
afterAll(() => fetchSpy.mockRestore());

function completeForm(): FormData {
  const form = new FormData();
  form.set("klarnaOrderId", "b6f1a2c3-0000-4000-8000-000000000001");
  form.set("idempotencyKey", crypto.randomUUID());
  form.set("captureId", "capture-1");
  form.set("qty:TS-CL-220", "1");
  form.set("intent", "confirm");
  form.set("expectedTotal", "100");
  form.set("days", "14");
  form.set("merchant_reference1", "PO-1");
  form.set("street_address", "Storgatan 1");
  return form;
}

describe("every order-edit action refuses an anonymous caller", () => {
  const entries = Object.entries(actions).filter(([, value]) => typeof value === "function");

  it("covers every action the module exports", () => {
    expect(entries.map(([name]) => name).sort()).toEqual([
      "editLinesAction",
      "extendDueDateAction",
      "merchantReferenceAction",
      "resendInvoiceAction",
      "shippingAddressAction",
    ]);
  });

  for (const [name, action] of entries) {
    it(`${name} answers 401 and calls nobody`, async () => {
      const result = await (action as (previous: null, form: FormData) => Promise<unknown>)(null, completeForm());
      expect(result).toMatchObject({ ok: false, status: 401, message: expect.stringContaining("not signed in") });
      expect(fetchSpy).not.toHaveBeenCalled();
    });
  }
});
