import { klarna } from "@/lib/klarna";
import { orderManagementProvider } from "../order-management/order-management-provider";
import { klarnaPaymentsManifest } from "./manifest";

/** Klarna Payments: the widget authorizes, the store places the order, Order Management settles it. */
export const klarnaPaymentsProvider = orderManagementProvider({
  ...klarnaPaymentsManifest,
  client: klarna,
});

export default klarnaPaymentsProvider;
