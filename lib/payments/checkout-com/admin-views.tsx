import { CheckoutComOrderPage } from "@/components/admin/checkout-com/checkout-com-order";
import { moneyFormatter } from "@/lib/admin/format";
import { orderEventsOf } from "@/lib/orders/order-store";
import type { AdminOrderPage } from "../views-contract";
import { loadCheckoutComOrder } from "./admin";

/** Managed through Checkout.com's payment, not Klarna's Order Management. */
export const checkoutComAdminOrderPage: AdminOrderPage = async (order) => {
  const [detail, events] = await Promise.all([
    loadCheckoutComOrder(order, moneyFormatter(order)),
    orderEventsOf(order.providerReference, order.checkoutSessionId),
  ]);
  return <CheckoutComOrderPage detail={detail} events={events} />;
};
