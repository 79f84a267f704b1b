import { describe, expect, it } from "vitest";
import { addCartItem, setCartItemQuantity } from "@/lib/cart/cart-store";
import { loadCartView } from "@/lib/cart/cart-view";
import { sessionOrder, type SessionOrder } from "@/lib/checkout/session-order";
import { MARKETS } from "@/lib/pricing/markets";
import { checkCartMatches, validateOrder, type OrderUnderValidation } from "@/lib/validation/validate-order";
import { cartWith, goodsLine, klarnaOrderOf, productBySlug, sessionFor } from "./support";

const LINES = [
  { slug: "ridgeline-daypack-28l", quantity: 1 },
  { slug: "freeze-dried-chili", quantity: 3 },
];

async function cartOrder(cartId: string): Promise<SessionOrder> {
  const view = await loadCartView(cartId, MARKETS.SE);
  return sessionOrder(view.priced!);
}

/** Klarna's copy of the cart's order, as the validation callback carries it. */
function asKlarnaSendsIt(order: SessionOrder): OrderUnderValidation {
  return {
    purchase_country: order.purchase_country,
    purchase_currency: order.purchase_currency,
    order_amount: order.order_amount,
    order_tax_amount: order.order_tax_amount,
    order_lines: order.order_lines.map((line) => ({ ...line })),
  };
}

/** Changes one line and keeps every total consistent, as a tampered or stale order would be. */
function withLine(order: OrderUnderValidation, index: number, change: (line: OrderUnderValidation["order_lines"][number]) => object) {
  const lines = order.order_lines.map((line, at) => (at === index ? { ...line, ...change(line) } : line));
  return { ...order, order_lines: lines, order_amount: lines.reduce((sum, line) => sum + line.total_amount, 0) };
}

describe("checkCartMatches", () => {
  it("passes Klarna's copy of the same cart", async () => {
    const order = await cartOrder(await cartWith(LINES));
    expect(checkCartMatches(asKlarnaSendsIt(order), order)).toBeNull();
  });

  it("passes when Klarna leaves out optional fields at their defaults and writes codes in lower case", async () => {
    const order = await cartOrder(await cartWith(LINES));
    const klarna = asKlarnaSendsIt(order);
    const echoed = {
      ...klarna,
      purchase_country: "se",
      purchase_currency: "sek",
      order_lines: klarna.order_lines.map(({ total_discount_amount, ...line }) => ({
        ...line,
        ...(total_discount_amount ? { total_discount_amount } : {}),
        image_url: "https://cdn.example/item.svg",
      })),
    };
    expect(checkCartMatches(echoed, order)).toBeNull();
  });

  it("refuses a changed quantity", async () => {
    const order = await cartOrder(await cartWith(LINES));
    const changed = withLine(asKlarnaSendsIt(order), 1, (line) => ({
      quantity: line.quantity + 1,
      total_amount: line.unit_price * (line.quantity + 1),
    }));
    expect(checkCartMatches(changed, order)).toMatchObject({ reason: "cart_changed" });
  });

  it("refuses a changed unit price, even with the totals made to agree", async () => {
    const order = await cartOrder(await cartWith(LINES));
    const cheaper = withLine(asKlarnaSendsIt(order), 0, (line) => ({
      unit_price: line.unit_price - 100,
      total_amount: (line.unit_price - 100) * line.quantity,
    }));
    expect(checkCartMatches(cheaper, order)).toMatchObject({ reason: "cart_changed" });
  });

  it("refuses an extra line", async () => {
    const order = await cartOrder(await cartWith(LINES));
    const klarna = asKlarnaSendsIt(order);
    const extra = goodsLine("TS-AC-420", 1, { unit_price: 49900, total_amount: 49900, total_tax_amount: 9980 });
    const lines = [...klarna.order_lines, extra];
    expect(
      checkCartMatches({ ...klarna, order_lines: lines, order_amount: klarna.order_amount + extra.total_amount }, order),
    ).toMatchObject({ reason: "cart_changed" });
  });

  it("refuses a missing line", async () => {
    const order = await cartOrder(await cartWith(LINES));
    const klarna = asKlarnaSendsIt(order);
    const [, ...rest] = klarna.order_lines;
    expect(checkCartMatches({ ...klarna, order_lines: rest }, order)).toMatchObject({ reason: "cart_changed" });
  });

  it("refuses a different order amount or tax amount with the same lines", async () => {
    const order = await cartOrder(await cartWith(LINES));
    const klarna = asKlarnaSendsIt(order);
    expect(checkCartMatches({ ...klarna, order_amount: klarna.order_amount - 1 }, order)).toEqual({
      reason: "cart_changed",
      detail: expect.stringContaining(String(order.order_amount)),
    });
    expect(checkCartMatches({ ...klarna, order_tax_amount: klarna.order_tax_amount! + 1 }, order)).toMatchObject({
      reason: "cart_changed",
    });
  });

  it("refuses another currency or country", async () => {
    const order = await cartOrder(await cartWith(LINES));
    expect(checkCartMatches({ ...asKlarnaSendsIt(order), purchase_currency: "EUR" }, order)).toMatchObject({ reason: "cart_changed" });
    expect(checkCartMatches({ ...asKlarnaSendsIt(order), purchase_country: "DE" }, order)).toMatchObject({ reason: "cart_changed" });
  });

  it("refuses anything when the cart is gone", async () => {
    const order = await cartOrder(await cartWith(LINES));
    expect(checkCartMatches(asKlarnaSendsIt(order), null)).toMatchObject({ reason: "cart_changed", detail: "The cart is empty" });
  });
});

describe("validateOrder: the cart changed after Klarna's session was made", () => {
  it("approves the session's order while the cart is unchanged", async () => {
    const session = await sessionFor(await cartWith(LINES));
    expect(await validateOrder(session, klarnaOrderOf(session))).toMatchObject({ ok: true });
  });

  it("refuses once the shopper changed a quantity in another tab", async () => {
    const cartId = await cartWith(LINES);
    const session = await sessionFor(cartId);
    await setCartItemQuantity(cartId, (await productBySlug("freeze-dried-chili")).id, 4);
    expect(await validateOrder(session, klarnaOrderOf(session))).toEqual({ ok: false, denial: expect.objectContaining({ reason: "cart_changed" }) });
  });

  it("refuses once the shopper added a product in another tab", async () => {
    const cartId = await cartWith(LINES);
    const session = await sessionFor(cartId);
    await addCartItem(cartId, (await productBySlug("titanium-mug-450")).id, 1, 99);
    expect(await validateOrder(session, klarnaOrderOf(session))).toMatchObject({ ok: false, denial: { reason: "cart_changed" } });
  });
});
