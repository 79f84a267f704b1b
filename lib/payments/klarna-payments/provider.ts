import { klarna } from "@/lib/klarna";
import { orderManagementProvider } from "../order-management/order-management-provider";

/** Klarna Payments: the widget authorizes, the store places the order, Order Management settles it. */
export const klarnaPaymentsProvider = orderManagementProvider({
  id: "klarna-payments",
  label: "Klarna Payments",
  vendor: "Klarna",
  client: klarna,
});
