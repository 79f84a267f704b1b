import { describe, expect, it, vi } from "vitest";
import { prepareAuthorization } from "@/components/checkout/klarna-payments/actions";
import { findCheckoutSession } from "@/lib/checkout/session-store";
import { validateOrder } from "@/lib/validation/validate-order";
import { cartWith, insertCoupon, klarnaOrderOf, sessionFor, uniqueCode } from "../../lib/validation/support";

// The action reads the cart from the browser's signed cookie; here the browser is the shopper of `browser.cartId`.
const browser = vi.hoisted(() => ({ cartId: "" }));
vi.mock("@/lib/cart/session", () => ({ readCartCookie: async () => ({ status: "valid", cartId: browser.cartId }) }));

// Re-pricing Klarna's session without the discount is what must not happen.
vi.mock("@/lib/klarna", async (importOriginal) => ({
  ...(await importOriginal<typeof import("@/lib/klarna")>()),
  klarna: () => {
    throw new Error("Klarna's session was changed");
  },
}));

const MUG = [{ slug: "titanium-mug-450", quantity: 1 }];

describe("prepareAuthorization (Pay with Klarna)", () => {
  it("refuses with the code's problem, and leaves Klarna's session as it was, once another shopper used the code", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("PAY"), maxUses: 1 });
    const other = await sessionFor(await cartWith(MUG, code));
    browser.cartId = await cartWith(MUG, code);
    const mine = await sessionFor(browser.cartId);
    expect(await validateOrder(other, klarnaOrderOf(other))).toMatchObject({ ok: true });

    expect(await prepareAuthorization(mine.id)).toEqual({
      status: "blocked",
      message: `The code ${code} has already been used. Remove it in your cart to continue.`,
    });
    expect(await findCheckoutSession(mine.id)).toMatchObject({ order: mine.order, fingerprint: mine.fingerprint });
  });

  it("lets the shopper whose checkout claimed the code pay", async () => {
    const { code } = await insertCoupon({ code: uniqueCode("PAY"), maxUses: 1 });
    browser.cartId = await cartWith(MUG, code);
    const mine = await sessionFor(browser.cartId);
    expect(await validateOrder(mine, klarnaOrderOf(mine))).toMatchObject({ ok: true });

    expect(await prepareAuthorization(mine.id)).toMatchObject({ status: "ready", changed: false });
  });
});
