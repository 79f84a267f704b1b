import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { shopperCart } from "@/lib/cart/shopper-cart";
import { currentMarket } from "@/lib/pricing/current-market";

/**
 * The items in the shopper's cart, and when they were counted (the header keeps the newest count it hears of): read
 * with the cart cookie's check, which the page shares (lib/cart/shopper-cart.ts).
 */
async function countCart(): Promise<{ itemCount: number; countedAt: number }> {
  const cart = await shopperCart();
  return { itemCount: cart.status === "valid" ? cart.itemCount : 0, countedAt: Date.now() };
}

export default async function StoreLayout({ children }: { children: React.ReactNode }) {
  const [market, { itemCount, countedAt }] = await Promise.all([currentMarket(), countCart()]);
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <SiteHeader market={market} itemCount={itemCount} countedAt={countedAt} />
      <main id="main" className="site-main">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
