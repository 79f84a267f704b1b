import { NetworkOrderPage } from "@/components/admin/klarna-network/network-order-page";
import { orderEventsOf } from "@/lib/orders/order-store";
import type { AdminOrderPage } from "../views-contract";
import { findNetworkCheckoutByTransaction } from "./storage";

/** The payment transaction the store made, with its captures and refunds (not Order Management). */
export const networkAdminOrderPage: AdminOrderPage = async (order) => {
  if (!(await findNetworkCheckoutByTransaction(order.providerReference))) return null;
  return <NetworkOrderPage order={order} events={await orderEventsOf(order.providerReference, order.checkoutSessionId)} />;
};
