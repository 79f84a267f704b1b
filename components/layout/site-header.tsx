import Image from "next/image";
import Link from "next/link";
import { MarketPicker } from "@/components/market/market-picker";
import type { Market } from "@/lib/pricing/markets";

export function SiteHeader({ market, itemCount }: { market: Market; itemCount: number }) {
  const cartLabel = itemCount === 1 ? "Cart, 1 item" : `Cart, ${itemCount} items`;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href="/" className="brand" aria-label="Trailhead Supply Co., home">
          <Image src="/brand/logo.svg" alt="" width={36} height={36} unoptimized />
          <span className="brand__name">
            Trailhead <span className="brand__sub">Supply Co.</span>
          </span>
        </Link>
        <nav aria-label="Main" className="site-header__nav">
          <Link href="/">Shop</Link>
        </nav>
        <div className="site-header__actions">
          <MarketPicker current={market.code} />
          <Link href="/cart" className="cart-link" aria-label={cartLabel}>
            <svg aria-hidden="true" width="22" height="22" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round">
              <path d="M6 7h12l-1 13H7L6 7Z" />
              <path d="M9 7a3 3 0 0 1 6 0" />
            </svg>
            <span className="cart-link__text">Cart</span>
            <span className="cart-link__count" data-testid="cart-count">
              {itemCount}
            </span>
          </Link>
        </div>
      </div>
    </header>
  );
}
