import { KustomCheckout } from "@/components/checkout/kustom/kustom-checkout";
import { KustomSnippet } from "@/components/checkout/kustom/kustom-snippet";
import { klarnaOrderIdSchema } from "@/lib/checkout/callback-params";
import type { ProviderViews } from "../views-contract";
import { kustomConfirmationSnippet } from "./confirmation";
import { openKustomCheckout } from "./open-checkout";

/** Kustom Checkout: Kustom's hosted checkout in its snippet; its return carries kustom_order_id (its merchant_urls). */
export const kustomViews: ProviderViews = {
  checkout: {
    opensFromCart: true,
    async open({ cartId, market, admit }) {
      const checkout = admit ? await openKustomCheckout(cartId!, market, { admit }) : await openKustomCheckout(cartId!, market);
      if (checkout.status === "paused") return { paused: checkout.retryAfterSeconds };
      if (checkout.status !== "ready") return "no_checkout";
      return <KustomCheckout checkout={checkout} market={market} />;
    },
  },
  confirmation: {
    param: "kustom_order_id",
    parse(value) {
      const id = klarnaOrderIdSchema.safeParse(value);
      return id.success ? id.data : null;
    },
    // Kustom's confirmation snippet comes with its checkout order (reference/kustom/notes.md §8).
    async receiptPart(reference) {
      const snippet = await kustomConfirmationSnippet(reference);
      return snippet ? (
        <div className="kustom-confirmation">
          <KustomSnippet snippet={snippet} label="Kustom order confirmation" />
        </div>
      ) : null;
    },
  },
};

export default kustomViews;
