import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as actions from "@/components/admin/order-actions";

// No session: as for a visitor without the cookie, or with a forged or expired one (Auth.js then reports none).
vi.mock("@/lib/admin/session", () => ({ currentMerchant: vi.fn(async () => null) }));
vi.mock("next/cache", () => ({ revalidatePath: vi.fn() }));

const fetchSpy = vi.spyOn(globalThis, "fetch");

beforeAll(() => {
  fetchSpy.mockImplementation(async () => {
    throw new Error("nothing may be sent to Klarna for an anonymous caller");
  });
});

afterAll(() => {
  fetchSpy.mockRestore();
});

/** A form as a real page would send it, so only the missing session can be the reason for a refusal. */
function completeForm(): FormData {
  const form = new FormData();
  form.set("klarnaOrderId", "b6f1a2c3-0000-4000-8000-000000000001");
  form.set("idempotencyKey", crypto.randomUUID());
  form.set("captureId", "capture-1");
  form.set("qty:TH-DAYPACK-28", "1");
  form.set("tracking_number", "PN123");
  return form;
}

describe("every admin server action refuses an anonymous caller", () => {
  const entries = Object.entries(actions).filter(([, value]) => typeof value === "function");

  it("covers every action the module exports", () => {
    expect(entries.map(([name]) => name).sort()).toEqual([
      "addTrackingAction",
      "cancelAction",
      "captureAction",
      "extendAction",
      "reconcileAction",
      "reconcileAllAction",
      "refundAction",
      "releaseAction",
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
