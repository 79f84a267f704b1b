/** What placing an order answers, whichever provider places it (Klarna Payments, Klarna through Checkout.com). */
export type PlaceOrderResult =
  /** `providerReference`: the provider's id of the purchase (Klarna's order id, a Checkout.com payment id). */
  | { status: "placed"; providerReference: string; redirectUrl: string }
  /**
   * The merchant's rules refused the order (stock, delivery, block list, coupon, cart changed); the authorization was
   * cancelled at Klarna and `location` is the page that explains why.
   */
  | { status: "rejected"; location: string }
  /** Another caller (the browser or Klarna's callback) is placing this order right now. */
  | { status: "in_progress" }
  /**
   * Nothing was placed. `retryable`: Klarna could not be reached, so the same call may succeed later; otherwise Klarna
   * refused (an expired or already used authorization, an order that does not match it) and repeating will not help.
   */
  | {
      status: "failed";
      message: string;
      retryable: boolean;
      /** "foreign_authorization": the token is not this session's authorization at Klarna; nothing was written. */
      refusal?: "foreign_authorization";
    };

/** Right before authorizing in Klarna's widget: whether the provider's session holds exactly what the cart holds now. */
export type PrepareResult =
  | { status: "ready"; changed: boolean; total: string }
  | { status: "blocked"; message: string };
