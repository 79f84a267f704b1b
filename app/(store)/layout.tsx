import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { cartItemCount } from "@/lib/cart/cart-store";
import { readCartCookie } from "@/lib/cart/session";
import { currentMarket } from "@/lib/pricing/current-market";

/** The items in the shopper's cart, and when they were counted (the header keeps the newest count it hears of). */
async function countCart(): Promise<{ itemCount: number; countedAt: number }> {
  const cart = await readCartCookie();
  return { itemCount: cart.status === "valid" ? await cartItemCount(cart.cartId) : 0, countedAt: Date.now() };
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
