import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { OrderDetails, STATUS_TEXT } from "@/components/checkout/order-details";
import { SubscriptionNote } from "@/components/subscriptions/subscription-note";
import { findOrderByAccessToken } from "@/lib/orders/order-store";

export const metadata: Metadata = { title: "Your order", robots: { index: false } };

interface Props {
  params: Promise<{ token: string }>;
}

/** The shopper's order page, reached from the receipt by a link that cannot be guessed. */
export default async function OrderPage({ params }: Props) {
  const { token } = await params;
  const order = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await findOrderByAccessToken(token) : null;
  if (!order) notFound();
  return (
    <section className="receipt" aria-labelledby="order-title">
      <h1 id="order-title" className="page-title">
        Order {order.orderNumber}
      </h1>
      <p className={`order-status order-status--${order.status}`} data-testid="order-status">
        {STATUS_TEXT[order.status]}
        {order.status === "cancelled" && order.cancelReason ? `: ${order.cancelReason}` : ""}
      </p>
      <p className="checkout-note">Placed {new Date(order.createdAt).toUTCString()}</p>
      <OrderDetails order={order} />
      <SubscriptionNote orderId={order.id} />
      <p className="receipt__links">
        <Link href="/">Continue shopping</Link>
      </p>
    </section>
  );
}
