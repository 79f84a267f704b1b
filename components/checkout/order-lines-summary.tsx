import Link from "next/link";
import { Price } from "@/components/catalogue/price";
import type { Market } from "@/lib/pricing/markets";

interface Line {
  type?: string | null;
  reference?: string | null;
  name: string;
  quantity: number;
  total_amount: number;
  image_url?: string | null;
}

/** Lines and totals of an order or a cart about to be ordered, as the shopper sees them on checkout and receipts. */
export function OrderLinesSummary({
  title,
  lines,
  orderAmount,
  orderTaxAmount,
  market,
}: {
  title: string;
  lines: readonly Line[];
  orderAmount: number;
  orderTaxAmount: number;
  market: Market;
}) {
  const goods = lines.filter((line) => line.type !== "shipping_fee" && line.type !== "sales_tax" && line.type !== "discount");
  const extras = lines.filter((line) => !goods.includes(line));
  return (
    <section className="summary" aria-label={title}>
      <h2 className="summary__title">{title}</h2>
      <ul className="summary__lines">
        {goods.map((line) => (
          <li key={`${line.reference}-${line.name}`} className="summary__line">
            <span className="summary__qty">{line.quantity} ×</span>
            <span className="summary__name">{line.name}</span>
            <Price amount={line.total_amount} market={market} className="summary__amount" />
          </li>
        ))}
      </ul>
      <dl className="summary__rows">
        {extras.map((line) => (
          <div className="summary__row" key={`${line.type}-${line.reference}`}>
            <dt>{line.name}</dt>
            <dd>{line.total_amount === 0 ? "Free" : <Price amount={line.total_amount} market={market} />}</dd>
          </div>
        ))}
        <div className="summary__row summary__row--total">
          <dt>Total</dt>
          <dd data-testid="order-total">
            <Price amount={orderAmount} market={market} />
          </dd>
        </div>
        {market.taxMode === "inclusive" && (
          <div className="summary__row summary__row--muted">
            <dt>Including VAT</dt>
            <dd>
              <Price amount={orderTaxAmount} market={market} />
            </dd>
          </div>
        )}
      </dl>
    </section>
  );
}

/**
 * The checkout page's side column, whichever provider's checkout sits beside it: the cart's order and a way back to
 * the cart, after an optional note.
 */
export function CheckoutAside({
  order,
  market,
  note,
}: {
  order: { lines: readonly Line[]; order_amount: number; order_tax_amount: number };
  market: Market;
  note?: string;
}) {
  return (
    <div className="checkout__aside">
      <OrderLinesSummary
        title="Your order"
        lines={order.lines}
        orderAmount={order.order_amount}
        orderTaxAmount={order.order_tax_amount}
        market={market}
      />
      <p className="checkout-note">
        {note ? `${note} ` : null}
        <Link href="/cart">Edit cart</Link>
      </p>
    </div>
  );
}
