import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { CartMessaging } from "@/components/messaging/cart-messaging";
import { ProductMessaging } from "@/components/messaging/product-messaging";
import { parseEnv } from "@/lib/env";
import { onSiteMessaging } from "@/lib/messaging/on-site-messaging";
import { MARKETS } from "@/lib/pricing/markets";

// Vitest runs .ts tests here, so the elements are written with createElement rather than JSX.
// The pages pass onSiteMessaging(env()); each test builds it from the variables it is about.
const configFrom = (variables: Record<string, string>) => onSiteMessaging(parseEnv(variables));

const CLIENT_ID = "d5a0c9e2-3b1f-4e7a-8c6d-2f9b4a1e7c30";
const form = h("form", { "aria-label": "Add to cart" });

describe("On-site messaging configuration", () => {
  it("is off without a client id, and points at the simulator's web SDK and the playground by default", () => {
    expect(onSiteMessaging(parseEnv({}))).toBeNull();
    expect(onSiteMessaging(parseEnv({ KLARNA_CLIENT_ID: CLIENT_ID }))).toEqual({
      clientId: CLIENT_ID,
      sdkUrl: "http://localhost:4010/web-sdk/v1/klarna.js",
      environment: "playground",
    });
  });

  it("names a wrong environment", () => {
    expect(() => parseEnv({ KLARNA_ENVIRONMENT: "staging" })).toThrow(/KLARNA_ENVIRONMENT: must be playground or production/);
  });
});

describe("On-site messaging placements", () => {
  it("renders no placement and no empty box without a client id, and leaves the product form alone", () => {
    const config = configFrom({});
    expect(renderToStaticMarkup(h(CartMessaging, { config, amount: 114800, market: MARKETS.SE }))).toBe("");
    expect(
      renderToStaticMarkup(h(ProductMessaging, { config, unitPrice: 109900, market: MARKETS.SE, children: form })),
    ).toBe('<form aria-label="Add to cart"></form>');
  });

  it("renders Klarna's placement tags with the market's locale and the amount in minor units", () => {
    const config = configFrom({ KLARNA_CLIENT_ID: CLIENT_ID });
    const cart = renderToStaticMarkup(h(CartMessaging, { config, amount: 11412, market: MARKETS.US }));
    expect(cart).toContain('<klarna-placement data-key="credit-promotion-auto-size" data-locale="en-US" data-purchase-amount="11412">');
    const product = renderToStaticMarkup(h(ProductMessaging, { config, unitPrice: 9995, market: MARKETS.DE, children: form }));
    expect(product).toContain('<form aria-label="Add to cart"></form>');
    expect(product).toContain('<klarna-placement data-key="credit-promotion-badge" data-locale="de-DE" data-purchase-amount="9995">');
  });
});
