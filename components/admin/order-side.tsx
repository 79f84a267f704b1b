import { formatDateTime, formatKlarnaDateTime, relativeTime } from "@/lib/admin/format";
import { PROVIDER_LABELS, providerBrand } from "@/lib/payments/provider";
import type { AddressRead, ManagedOrder } from "@/lib/klarna";
import type { StoreOrder } from "@/lib/orders/order-store";

const regions = new Intl.DisplayNames(["en"], { type: "region" });

function country(code: string | undefined): string {
  if (!code) return "";
  try {
    return regions.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

function Address({ address }: { address: AddressRead | null }) {
  if (!address) return <p className="muted">Not given</p>;
  const lines = [
    [address.given_name, address.family_name].filter(Boolean).join(" "),
    address.organization_name,
    address.street_address,
    address.street_address2,
    [address.postal_code, address.city, address.region].filter(Boolean).join(" "),
    country(address.country),
  ].filter(Boolean);
  return (
    <address className="admin-address">
      {lines.map((line, index) => (
        <span key={index}>
          {line}
          <br />
        </span>
      ))}
      {address.phone && <span className="muted">{address.phone}</span>}
    </address>
  );
}

/** Klarna's view of the order and the customer, beside the order's lines and actions. */
export function OrderSide({ order, live, now }: { order: StoreOrder; live: ManagedOrder | null; now: Date }) {
  const expiresAt = live?.expires_at ?? order.authorizationExpiresAt;
  // A Kustom order is Kustom's, not Klarna's: the mark and the words follow the order's provider.
  const brand = providerBrand(order.provider);
  return (
    <aside className="order-layout__side" aria-label={`${brand} and customer`}>
      <section className="panel" aria-labelledby="klarna-title">
        <div className="panel__head">
          <h2 id="klarna-title">
            <span className={`klarna-mark klarna-mark--${brand.toLowerCase()}`} data-testid="provider-mark">
              {brand}.
            </span>
            {live ? "Live status" : "Last known status"}
          </h2>
        </div>
        <dl className="facts-list">
          <div>
            <dt>Status</dt>
            <dd className="mono" data-testid="klarna-status">
              {live?.status ?? order.providerStatus ?? "Not read yet"}
            </dd>
          </div>
          <div>
            <dt>Fraud check</dt>
            <dd>{live?.fraud_status ?? order.fraudStatus ?? "—"}</dd>
          </div>
          <div>
            <dt>Authorization ends</dt>
            <dd data-testid="authorization-expiry">
              {expiresAt ? (
                <>
                  {formatKlarnaDateTime(expiresAt)}
                  <span className="admin-table__secondary">{relativeTime(expiresAt, now)}</span>
                </>
              ) : (
                "—"
              )}
            </dd>
          </div>
          <div>
            <dt>Acknowledged</dt>
            <dd>{order.acknowledgedAt ? formatDateTime(order.acknowledgedAt) : order.status === "pending" ? "Not yet" : "—"}</dd>
          </div>
          <div>
            <dt>Provider</dt>
            <dd data-testid="order-provider">{PROVIDER_LABELS[order.provider]}</dd>
          </div>
          <div>
            <dt>Payment</dt>
            <dd>{order.paymentMethod ?? "Klarna"}</dd>
          </div>
          <div>
            <dt>{brand} reference</dt>
            <dd className="mono">{live?.klarna_reference ?? "—"}</dd>
          </div>
          <div>
            <dt>{order.klarnaOrderId === order.providerReference ? "Order id" : "Provider reference"}</dt>
            <dd className="mono" data-testid="klarna-order-id">
              {order.providerReference}
            </dd>
          </div>
        </dl>
      </section>
      <CustomerPanel order={order} />
    </aside>
  );
}

/** The shopper's contact and addresses as the order stores them, whichever provider took the payment. */
export function CustomerPanel({ order }: { order: StoreOrder }) {
  const billing = order.billingAddress as AddressRead | null;
  const shipping = order.shippingAddress as AddressRead | null;
  return (
    <section className="panel" aria-labelledby="customer-title">
      <div className="panel__head">
        <h2 id="customer-title">Customer</h2>
      </div>
      <div className="side-section">
        <h3>Contact</h3>
        <p className="admin-address">
          {order.email ? <a href={`mailto:${order.email}`}>{order.email}</a> : "No e-mail"}
          {billing?.phone && (
            <>
              <br />
              {billing.phone}
            </>
          )}
        </p>
      </div>
      <div className="side-section">
        <h3>Billing address</h3>
        <Address address={billing} />
      </div>
      <div className="side-section">
        <h3>Shipping address</h3>
        <Address address={shipping ?? billing} />
      </div>
    </section>
  );
}
