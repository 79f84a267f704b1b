import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { cancelledPaymentText, formatOrderDate, OrderDetails, STATUS_TEXT } from "@/components/checkout/order-details";
import { RefreshWhilePending } from "@/components/checkout/refresh-while-pending";
import { SubscriptionNote } from "@/components/subscriptions/subscription-note";
import { findOrderByAccessToken } from "@/lib/orders/order-store";
import { providerBrand } from "@/lib/payments/provider";

export const metadata: Metadata = { title: "Your order", robots: { index: false } };

interface Props {
  params: Promise<{ token: string }>;
}

/** The shopper's order page, reached from the receipt by a link that cannot be guessed. */
export default async function OrderPage({ params }: Props) {
  const { token } = await params;
  const order = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await findOrderByAccessToken(token) : null;
  if (!order) notFound();
  // A cancelled order says what became of its payment, as the receipt does.
  const paymentOutcome = order.status === "cancelled" ? cancelledPaymentText(order, providerBrand(order.provider)) : null;
  return (
    <section className="receipt" aria-labelledby="order-title">
      <h1 id="order-title" className="page-title">
        Order {order.orderNumber}
      </h1>
      <p className={`order-status order-status--${order.status}`} data-testid="order-status">
        {STATUS_TEXT[order.status]}
        {order.status === "cancelled" && order.cancelReason ? `: ${order.cancelReason}` : ""}
      </p>
      {paymentOutcome && (
        <p className="checkout-note" data-testid="payment-outcome">
          {paymentOutcome}
        </p>
      )}
      {order.status === "pending" && <RefreshWhilePending />}
      <p className="checkout-note">Placed {formatOrderDate(order.createdAt, order.market)}</p>
      <OrderDetails order={order} />
      <SubscriptionNote orderId={order.id} />
      <p className="receipt__links">
        <Link href="/">Continue shopping</Link>
      </p>
    </section>
  );
}
