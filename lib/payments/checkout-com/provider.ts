import { checkoutCom } from ".";
import { checkoutComProvider } from "./payment-provider";
import { applyKeptCheckoutComEvents, confirmUndecidedCheckoutComPayments } from "./reconcile";

/**
 * The provider on the seam, as the registry loads it; it builds the client on first use. Its reconcile sweep applies
 * the webhook events kept for payments whose order exists now, then confirms payments answered 202 Pending whose
 * decision never reached the store.
 */
export const checkoutComPaymentProvider = checkoutComProvider(
  () => checkoutCom().client,
  async (now) => {
    await applyKeptCheckoutComEvents(now);
    await confirmUndecidedCheckoutComPayments(now);
  },
);
export default checkoutComPaymentProvider;
