import Link from "next/link";

export default function OrderNotFound() {
  return (
    <section className="panel" role="alert">
      <h1>No such order</h1>
      <p className="muted">The store has no order with this number. It may have been mistyped.</p>
      <Link href="/admin/orders" className="button button--secondary button--small">
        Back to orders
      </Link>
    </section>
  );
}
