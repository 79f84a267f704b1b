import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { countingRoundTrips } from "@/db/round-trips";
import { loadCartView } from "@/lib/cart/cart-view";
import { readCartCookie, type CartCookieState } from "@/lib/cart/session";
import { CART_COOKIE, signCartId } from "@/lib/cart/cart-cookie";
import { findProductBySlug, listProducts } from "@/lib/catalogue/products";
import { pricedCartFor } from "@/lib/checkout/priced-cart";
import { openCheckout } from "@/lib/payments/klarna-payments/open-checkout";
import { openKustomCheckout } from "@/lib/payments/kustom/open-checkout";
import { openCheckoutComCheckout } from "@/lib/payments/checkout-com/store-checkout";
import { MARKETS } from "@/lib/pricing/markets";
import { limits } from "@/lib/security/limits";
import { rateStatus, type RateRule } from "@/lib/security/rate-limit";
import { addCartItem } from "@/lib/cart/cart-store";
import { cartWith, insertCoupon, productBySlug } from "../lib/validation/support";
import { simulatedKlarnaForFile } from "../integration/support/simulated-klarna";

const CART_SECRET = vi.hoisted(() => {
  const secret = "round-trips-pages-cart-secret-0123456789abcdef";
  process.env.CART_SECRET = secret;
  return secret;
});

// The pages read the shopper's cookies through next/headers, which only exists inside a request: here, one shopper
// whose cart cookie the test sets.
const jar = vi.hoisted(() => new Map<string, string>());
vi.mock("next/headers", () => ({
  cookies: async () => ({ get: (name: string) => (jar.has(name) ? { name, value: jar.get(name)! } : undefined) }),
}));

/**
 * Database round trips of the shop's pages (db/round-trips.ts), as a network database (Turso) charges them: each
 * statement, batch, BEGIN and COMMIT is one. Each page's data is read here as the page reads it (the layout's cart
 * badge, the page's cart cookie, the checkout's rate limit, the provider's checkout), the provider's API being the
 * simulator. Issue 28's ceiling for a page is 4.
 */
const CEILING = {
  // The cart cookie's check with the badge's count (shared by the layout and the page), and the products.
  catalogue: 2,
  // The cart cookie with the count, and the product (the page's metadata and the page share it).
  product: 2,
  // The cart cookie with the count, and the cart's lines and code in one batch.
  cart: 2,
  // The cart cookie with the count; the checkout's rate limit counted with the open session, the cart's lines and its
  // code in one batch (lib/checkout/open-checkout.ts); and, when the provider's session was opened or changed, one
  // write: the new session with the coupon claims moved to it in one batch, or the session's new order. Kustom's
  // first open also allocates the order number it shows.
  checkoutFirst: 3,
  checkoutFirstKustom: 4,
  checkoutReload: 2,
  checkoutChanged: 3,
  // The cart cookie with the count, and the cart's lines and code in one batch (no saved Klarna in this browser).
  paymentRequests: 2,
};

const klarnaSimulator = simulatedKlarnaForFile("round-trips-pages");
beforeAll(() => {
  const { simulator } = klarnaSimulator();
  process.env.KUSTOM_API_URL = `${simulator.url}/kustom`;
  process.env.CHECKOUT_COM_API_URL = `${simulator.url}/checkout-com`;
  process.env.KLARNA_NETWORK_API_URL = `${simulator.url}/klarna-network`;
});
afterAll(() => jar.clear());

const market = MARKETS.SE;

function asShopperOf(cartId: string) {
  jar.set(CART_COOKIE, signCartId(cartId, CART_SECRET));
}

/**
 * One request to a page of the store layout: the layout (the header's cart badge) and the page read the shopper's
 * cart cookie through `shopperCart` (lib/cart/shopper-cart.ts), which React's `cache` makes one statement per
 * server render; outside React that cache does not exist, so here the request reads it once and the page is given it.
 */
async function request<T>(page: (cookie: CartCookieState) => Promise<T>): Promise<T> {
  const cookie = await readCartCookie();
  if (cookie.status === "valid") expect(cookie.itemCount).toBeGreaterThan(0);
  return page(cookie);
}

/**
 * The checkout page (app/(store)/checkout/page.tsx) of a provider that opens from the cart: the provider's checkout,
 * given the page's per-cart limit to count with its first reads.
 */
function checkoutPage(open: (cartId: string, admit: RateRule) => Promise<{ status: string }>) {
  return request(async (cookie) => {
    if (cookie.status !== "valid") throw new Error("no cart");
    return open(cookie.cartId, limits().checkoutCart);
  });
}

const OPENERS = {
  "Klarna Payments": (cartId: string, admit: RateRule) => openCheckout(cartId, market, { admit }),
  Kustom: (cartId: string, admit: RateRule) => openKustomCheckout(cartId, market, { admit }),
  "Checkout.com": (cartId: string, admit: RateRule) => openCheckoutComCheckout(cartId, market, { admit }),
};

describe("database round trips per page", () => {
  it("the catalogue, a product page and the cart", async () => {
    const cartId = await cartWith([{ slug: "titanium-mug-450", quantity: 2 }]);
    asShopperOf(cartId);
    const catalogue = await countingRoundTrips(() => request(() => listProducts(market)));
    // The page's metadata and the page share the product's read (React's `cache` in the page's module).
    const product = await countingRoundTrips(() => request(() => findProductBySlug("titanium-mug-450", market)));
    const cart = await countingRoundTrips(() =>
      request((cookie) => loadCartView(cookie.status === "valid" ? cookie.cartId : null, market)),
    );
    expect(catalogue.result.length).toBeGreaterThan(0);
    expect(product.result?.slug).toBe("titanium-mug-450");
    expect(cart.result.lines).toHaveLength(1);
    console.log(`page round trips: catalogue ${catalogue.roundTrips}, product ${product.roundTrips}, cart ${cart.roundTrips}`);
    expect(catalogue.roundTrips).toBeLessThanOrEqual(CEILING.catalogue);
    expect(product.roundTrips).toBeLessThanOrEqual(CEILING.product);
    expect(cart.roundTrips).toBeLessThanOrEqual(CEILING.cart);
  });

  for (const [name, open] of Object.entries(OPENERS)) {
    it(`the checkout page with ${name}: first open, reload, and after the cart changed`, async () => {
      // A single-use code: the checkout opened for the cart holds its claim (moved to a new session with it).
      const code = `PAGE-${name.replace(/\W/g, "").toUpperCase()}`;
      await insertCoupon({ code, maxUses: 1 });
      const cartId = await cartWith([{ slug: "titanium-mug-450", quantity: 2 }], code);
      asShopperOf(cartId);
      const first = await countingRoundTrips(() => checkoutPage(open));
      expect(first.result.status).toBe("ready");
      const reload = await countingRoundTrips(() => checkoutPage(open));
      expect(reload.result.status).toBe("ready");
      await addCartItem(cartId, (await productBySlug("hiking-wool-socks")).id, 1, 99);
      const changed = await countingRoundTrips(() => checkoutPage(open));
      expect(changed.result.status).toBe("ready");
      console.log(`${name} checkout page round trips: first ${first.roundTrips}, reload ${reload.roundTrips}, changed ${changed.roundTrips}`);
      expect(first.roundTrips).toBeLessThanOrEqual(name === "Kustom" ? CEILING.checkoutFirstKustom : CEILING.checkoutFirst);
      expect(reload.roundTrips).toBeLessThanOrEqual(CEILING.checkoutReload);
      expect(changed.roundTrips).toBeLessThanOrEqual(CEILING.checkoutChanged);
    });
  }

  it("counts the checkout page's per-cart limit with the checkout's reads, and opens nothing for a cart over it", async () => {
    const cartId = await cartWith([{ slug: "titanium-mug-450", quantity: 1 }]);
    const admit: RateRule = { name: "checkout-cart-test", limit: 2, windowMs: 600_000, blockMs: 600_000, maxBlockMs: 3_600_000 };
    expect((await openCheckout(cartId, market, { admit })).status).toBe("ready");
    // The attempt that reaches the limit still goes ahead; the next is refused, and so is the one after it.
    expect((await openCheckout(cartId, market, { admit })).status).toBe("ready");
    for (let i = 0; i < 2; i++) {
      const paused = await openCheckout(cartId, market, { admit });
      expect(paused.status).toBe("paused");
      if (paused.status === "paused") expect(paused.retryAfterSeconds).toBeGreaterThan(590);
    }
    // A refused attempt is not counted (a second refusal would have doubled the block): rateAttempt's rule.
    expect((await rateStatus(admit, cartId)).retryAfterSeconds).toBeLessThanOrEqual(600);
  });

  it("the checkout page with payment requests (the page's component prices the cart)", async () => {
    const cartId = await cartWith([{ slug: "titanium-mug-450", quantity: 2 }]);
    asShopperOf(cartId);
    const page = await countingRoundTrips(() =>
      request(async (cookie) => {
        if (cookie.status !== "valid") throw new Error("no cart");
        return pricedCartFor(cookie.cartId, market);
      }),
    );
    expect(page.result.canCheckout).toBe(true);
    console.log(`payment requests checkout page round trips: ${page.roundTrips}`);
    expect(page.roundTrips).toBeLessThanOrEqual(CEILING.paymentRequests);
  });
});
