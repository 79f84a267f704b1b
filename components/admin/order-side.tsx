import type { AddressRead } from "@/lib/klarna";
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
  // An address with no fields (Klarna may report `{}` where the shopper gave none, e.g. Express's billing address).
  if (lines.length === 0 && !address.phone) return <p className="muted">Not given</p>;
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
