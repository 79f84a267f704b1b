import { SiteFooter } from "@/components/layout/site-footer";
import { SiteHeader } from "@/components/layout/site-header";
import { cartItemsOf } from "@/lib/cart/cart-store";
import { readCartCookie } from "@/lib/cart/session";
import { currentMarket } from "@/lib/pricing/current-market";

export default async function StoreLayout({ children }: { children: React.ReactNode }) {
  const [market, cart] = await Promise.all([currentMarket(), readCartCookie()]);
  const items = cart.status === "valid" ? await cartItemsOf(cart.cartId) : [];
  const itemCount = items.reduce((sum, item) => sum + item.quantity, 0);
  return (
    <>
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <SiteHeader market={market} itemCount={itemCount} />
      <main id="main" className="site-main">
        {children}
      </main>
      <SiteFooter />
    </>
  );
}
