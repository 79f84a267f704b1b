import Link from "next/link";

export function SiteFooter() {
  return (
    <footer className="site-footer">
      <div className="site-footer__inner">
        <p>
          <strong>Trailhead Supply Co.</strong> — gear for long days outside. Free shipping on larger orders, 30-day
          returns, pay with Klarna.
        </p>
        <p>
          <Link href="/orders/lookup">Find my order</Link>
        </p>
        <p className="site-footer__note">A demo store: no real goods are sold and no real money moves.</p>
      </div>
    </footer>
  );
}
