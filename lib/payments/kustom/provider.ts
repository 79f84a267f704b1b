import { orderManagementProvider } from "../order-management/order-management-provider";
import { kustom } from "./client";
import { kustomManifest } from "./manifest";

/** Kustom Checkout: the hosted checkout completes the purchase; Kustom's Order Management settles it. */
export const kustomProvider = orderManagementProvider({
  ...kustomManifest,
  client: kustom,
});

export default kustomProvider;
