import { OrderLinesSummary } from "@/components/checkout/order-lines-summary";
import type { AddressRead, OrderLineRead } from "@/lib/klarna";
import type { StoreOrder } from "@/lib/orders/order-store";
import { getMarket } from "@/lib/pricing/markets";

const regions = new Intl.DisplayNames(["en"], { type: "region" });

function countryName(code: string | undefined): string {
  if (!code) return "";
  try {
    return regions.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

function Address({ title, address }: { title: string; address: AddressRead | null }) {
  if (!address) return null;
  return (
    <div className="address">
      <h3>{title}</h3>
      <address>
        {[address.given_name, address.family_name].filter(Boolean).join(" ")}
        <br />
        {address.street_address}
        {address.street_address2 ? (
          <>
            <br />
            {address.street_address2}
          </>
        ) : null}
        <br />
        {[address.postal_code, address.city, address.region].filter(Boolean).join(" ")}
        <br />
        {countryName(address.country)}
      </address>
    </div>
  );
}

export const STATUS_TEXT: Record<StoreOrder["status"], string> = {
  pending: "Being confirmed with Klarna",
  acknowledged: "Confirmed",
  cancelled: "Cancelled",
};

/**
 * A moment of the order as its shopper reads it: a long date in the market's own format ("7 december 2026" in
 * Sweden, "7 December 2026" in the UK), never a raw timestamp. Days are counted in UTC, like the store's clock.
 */
export function formatOrderDate(value: string | Date, market: string): string {
  return new Intl.DateTimeFormat(getMarket(market).formatLocale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(value));
}

/**
 * What happened to the payment of a cancelled order, in the shopper's words: the store cancels only what it will not
 * ship, and the provider's authorization goes with it, so nothing is charged (or what was, is refunded).
 */
export function cancelledPaymentText(order: Pick<StoreOrder, "capturedAmount" | "refundedAmount">, provider: string): string | null {
  if (order.capturedAmount === 0) return `The payment was cancelled at ${provider} and its authorization released, so you will not be charged.`;
  if (order.refundedAmount >= order.capturedAmount) return `What was charged has been refunded through ${provider}.`;
  return null;
}

/** Lines, totals, addresses and payment method of a store order, for the receipt and the shopper's order page. */
export function OrderDetails({ order }: { order: StoreOrder }) {
  const market = getMarket(order.market);
  const lines = order.lines as OrderLineRead[];
  const billing = order.billingAddress as AddressRead | null;
  const shipping = order.shippingAddress as AddressRead | null;
  const digitalOnly = !lines.some((line) => line.type === "physical");
  return (
    <div className="order-details">
      <OrderLinesSummary title="Order summary" lines={lines} orderAmount={order.orderAmount} orderTaxAmount={order.orderTaxAmount} market={market} />
      <div className="order-details__side">
        <div className="addresses">
          <Address title="Billing address" address={billing} />
          {digitalOnly ? (
            <div className="address">
              <h3>Delivery</h3>
              <p>Digital: download link by email.</p>
            </div>
          ) : (
            <Address title="Delivery address" address={shipping ?? billing} />
          )}
        </div>
        <dl className="facts">
          <div>
            <dt>Payment</dt>
            <dd>
              <span className="klarna-badge">Klarna.</span> {order.paymentMethod ?? "Klarna"}
            </dd>
          </div>
          {order.email && (
            <div>
              <dt>Email</dt>
              <dd>{order.email}</dd>
            </div>
          )}
        </dl>
      </div>
    </div>
  );
}
