import Link from "next/link";
import { CheckoutComCheckout } from "@/components/checkout/checkout-com/checkout-com-checkout";
import { PaymentConfirming } from "@/components/checkout/checkout-com/payment-confirming";
import { Problem } from "@/components/checkout/problem";
import { TEST_SHOPPERS } from "@/lib/checkout/test-shoppers";
import { env } from "@/lib/env";
import type { ProviderViews } from "../views-contract";
import { confirmCheckoutComPayment } from "./confirmation";
import { checkoutComPaymentIdSchema } from "./payment-provider";
import { openCheckoutComCheckout } from "./store-checkout";

/**
 * Klarna through Checkout.com: Klarna's widget, paid through Checkout.com; the store's own redirect after
 * POST /payments returns with checkout_com_payment_id.
 */
export const checkoutComViews: ProviderViews = {
  checkout: {
    opensFromCart: true,
    async open({ cartId, market, admit }) {
      const opened = admit ? await openCheckoutComCheckout(cartId!, market, { admit }) : await openCheckoutComCheckout(cartId!, market);
      if (opened.status === "paused") return { paused: opened.retryAfterSeconds };
      if (opened.status !== "ready") return "no_checkout";
      const api = env().CHECKOUT_COM_API_URL;
      const sandbox = !api.startsWith("https://") || api.includes(".sandbox.");
      return (
        <CheckoutComCheckout
          checkout={opened}
          market={market}
          sdkUrl={env().KLARNA_SDK_URL}
          testShopper={sandbox ? TEST_SHOPPERS[market.code] : null}
        />
      );
    },
  },
  confirmation: {
    param: "checkout_com_payment_id",
    parse(value) {
      const id = checkoutComPaymentIdSchema.safeParse(value);
      return id.success ? id.data : null;
    },
    // Checkout.com answers a payment 202 Pending and decides later (lib/payments/checkout-com/confirmation.ts).
    async confirm(reference, mayRead) {
      const confirmation = await confirmCheckoutComPayment(reference, mayRead);
      if (confirmation.state === "pending") return { show: <PaymentConfirming /> };
      if (confirmation.state === "unknown") {
        return { show: <Problem title="We could not find this order">Checkout.com has no payment with this number.</Problem> };
      }
      if (confirmation.state === "declined") {
        return {
          show: (
            <section className="empty-state" role="alert">
              <h1>Your payment was not approved</h1>
              <p>Klarna did not approve this payment, so no order was made and nothing was charged. Your cart is as you left it: you can pay again or choose another way to pay.</p>
              <Link href="/cart" className="button button--primary">
                Back to your cart
              </Link>
            </section>
          ),
        };
      }
      return { order: confirmation.order };
    },
  },
};

export default checkoutComViews;
