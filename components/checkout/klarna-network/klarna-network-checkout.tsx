import { redirect } from "next/navigation";
import { CheckoutAside } from "@/components/checkout/order-lines-summary";
import { shopperCart } from "@/lib/cart/shopper-cart";
import { pricedCartFor } from "@/lib/checkout/priced-cart";
import { MESSAGES } from "@/lib/payments/klarna-network/checkout";
import { currentWallet } from "@/lib/payments/klarna-network/wallet-session";
import { currentMarket } from "@/lib/pricing/current-market";
import { forgetSavedKlarna, payWithKlarna, payWithKlarnaAgain } from "./actions";
import { CheckoutFrame } from "@/components/checkout/checkout-frame";

/** What the shopper is told after coming back from Klarna (the `klarna` query parameter the store sets itself). */
const NOTICES: Record<string, { tone: "error" | "warning" | "success"; text: string }> = {
  declined: { tone: "error", text: MESSAGES.declined },
  expired: { tone: "warning", text: MESSAGES.expired },
  canceled: { tone: "warning", text: MESSAGES.canceled },
  unfinished: { tone: "warning", text: "You left Klarna before finishing, so that payment was cancelled. Nothing was charged; press Pay with Klarna to start again." },
  unavailable: { tone: "error", text: "We could not reach Klarna just now. Nothing was charged; please try again in a minute." },
  processing: { tone: "warning", text: "Klarna approved your payment and we are creating your order. Reload this page in a moment." },
  unknown: { tone: "error", text: "This payment link is not valid. Start again from your cart." },
  forgotten: { tone: "success", text: "Your saved Klarna details are removed from this browser." },
  rate_limited: {
    tone: "error",
    text: "This cart started a Klarna payment too many times in a short while. Nothing was charged; please try again in a few minutes.",
  },
};

/** The checkout when shoppers pay through Klarna's hosted purchase journey (PAYMENT_PROVIDER=klarna-network). */
export async function KlarnaNetworkCheckout({ notice }: { notice: string | undefined }) {
  const [market, cookie] = await Promise.all([currentMarket(), shopperCart()]);
  if (cookie.status !== "valid") redirect("/cart");
  const [cart, wallet] = await Promise.all([pricedCartFor(cookie.cartId, market), currentWallet()]);
  if (!cart.priced || !cart.canCheckout) redirect("/cart");
  const message = notice ? NOTICES[notice] : undefined;

  return (
    <CheckoutFrame>
        <CheckoutAside order={cart.priced} market={market} />
        <div className="checkout-form">
          {message ? (
            <p className={`notice notice--${message.tone}`} role={message.tone === "error" ? "alert" : "status"}>
              {message.text}
            </p>
          ) : null}
          {wallet ? (
            <section className="checkout-step" aria-labelledby="saved-klarna-title">
              <h2 id="saved-klarna-title">Welcome back</h2>
              <p className="checkout-note">
                Your Klarna{wallet.email ? ` (${wallet.email})` : ""} is saved in this browser. Klarna charges it without asking
                you to sign in again, unless it needs to check it is you.
              </p>
              <form action={payWithKlarnaAgain}>
                <button type="submit" className="button button--klarna button--large button--block">
                  Pay with Klarna again
                </button>
              </form>
              <form action={forgetSavedKlarna}>
                <button type="submit" className="button button--link">
                  Remove my saved Klarna
                </button>
              </form>
            </section>
          ) : null}
          <section className="checkout-step" aria-labelledby="pay-title">
            <h2 id="pay-title">{wallet ? "Or pay another way with Klarna" : "Pay with Klarna"}</h2>
            <p className="checkout-note">
              You will go to Klarna to choose how to pay and confirm, then come straight back here for your receipt. You have
              60 minutes to finish.
            </p>
            <form action={payWithKlarna}>
              <label className="checkbox">
                <input type="checkbox" name="remember" />
                Remember me on this browser for faster checkout next time
              </label>
              <button type="submit" className="button button--klarna button--large button--block" style={{ marginTop: "1rem" }}>
                Pay with Klarna
              </button>
            </form>
          </section>
        </div>
    </CheckoutFrame>
  );
}
