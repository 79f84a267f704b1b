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
