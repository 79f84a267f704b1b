import { orderManagementProvider } from "../order-management/order-management-provider";
import { kustom } from "./client";

/** Kustom Checkout: the hosted checkout completes the purchase; Kustom's Order Management settles it. */
export const kustomProvider = orderManagementProvider({
  id: "kustom",
  label: "Kustom Checkout",
  vendor: "Kustom",
  client: kustom,
});
