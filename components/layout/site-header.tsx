import Image from "next/image";
import Link from "next/link";
import { MarketPicker } from "@/components/market/market-picker";
import type { Market } from "@/lib/pricing/markets";
import { CartLink } from "./cart-link";

export function SiteHeader({ market, itemCount, countedAt }: { market: Market; itemCount: number; countedAt: number }) {
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
          <CartLink itemCount={itemCount} countedAt={countedAt} />
        </div>
      </div>
    </header>
  );
}
