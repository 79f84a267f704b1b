"use client";

import { useCallback, useEffect, useId, useRef, useState } from "react";
import { KlarnaSdkScript } from "@/components/checkout/klarna-sdk-script";
import type { ExpressButtonStyle } from "@/lib/payments/klarna-payments/express/button-style";
import { beginExpressReviewAction, placeExpressOrderAction, startExpressAction } from "./actions";

/**
 * Klarna's Express checkout button (reference/klarna/express-checkout-notes.md): Klarna.Payments.Buttons.init with
 * the client_token of a session the store created, load() into a container, and authorize() on click with
 * collect_shipping_address true and auto_finalize true (product page: one step) or false (cart: multistep).
 */

interface ExpressResult {
  approved?: boolean;
  show_form?: boolean;
  finalize_required?: boolean;
  authorization_token?: string;
  client_token?: string;
  collected_shipping_address?: Record<string, unknown>;
  error?: unknown;
}

type Authorize = (
  options: { auto_finalize: boolean; collect_shipping_address: boolean },
  payload: null,
  callback: (result: ExpressResult) => void,
) => void;

interface ButtonsSdk {
  init(options: { client_token: string }): {
    load(
      options: ExpressButtonStyle & { container: string; on_click: (authorize: Authorize) => void },
      callback: (result: { show_form?: boolean; error?: unknown }) => void,
    ): void;
  };
}

function buttonsSdk(): ButtonsSdk | null {
  const klarna = (window as unknown as { Klarna?: { Payments?: { Buttons?: ButtonsSdk } } }).Klarna;
  return klarna?.Payments?.Buttons ?? null;
}

type Target = { kind: "product"; productId: number } | { kind: "cart" };

type Phase =
  | { kind: "loading" }
  | { kind: "ready" }
  | { kind: "working"; message: string }
  | { kind: "problem"; message: string }
  | { kind: "unavailable"; message: string };

/** The product page's quantity field (components/cart/add-to-cart-form.tsx), read when the shopper presses the button. */
function chosenQuantity(): number {
  const input = document.querySelector<HTMLInputElement>('form[aria-label="Add to cart"] input[name="quantity"]');
  return input ? Number(input.value) : 1;
}

export function ExpressButton({ target, sdkUrl, style }: { target: Target; sdkUrl: string; style: ExpressButtonStyle }) {
  const containerId = `klarna-express-${useId().replace(/[^a-zA-Z0-9]/g, "")}`;
  const [phase, setPhase] = useState<Phase>({ kind: "loading" });
  const [sdkReady, setSdkReady] = useState(false);
  const busy = useRef(false);
  // Compared by value: a server action that sets a cookie refreshes the page, which passes equal but new objects.
  const targetKey = JSON.stringify(target);
  const styleKey = JSON.stringify(style);

  /** What the button buys; showing it needs a session only, so it asks for one item until the shopper presses it. */
  const purchase = useCallback(
    (attempt: "show" | "pay") => {
      const current = JSON.parse(targetKey) as Target;
      return current.kind === "product" ? { ...current, quantity: attempt === "pay" ? chosenQuantity() : 1 } : current;
    },
    [targetKey],
  );

  const onResult = useCallback(async (sessionId: string, flow: "one_step" | "multi_step", result: ExpressResult) => {
    if (!result.approved) {
      busy.current = false;
      setPhase(
        result.show_form === false
          ? { kind: "problem", message: "Klarna did not approve this purchase, so nothing was charged. You can add it to your cart and pay another way." }
          : { kind: "ready" },
      );
      return;
    }
    if (result.finalize_required) {
      setPhase({ kind: "working", message: "Approved by Klarna. Taking you to choose shipping…" });
      const review = await beginExpressReviewAction(sessionId, result.client_token, result.collected_shipping_address);
      if (review.status === "ready") return window.location.assign(review.location);
      busy.current = false;
      return setPhase({ kind: "problem", message: review.message });
    }
    setPhase({ kind: "working", message: "Approved by Klarna. Placing your order…" });
    const placed = await placeExpressOrderAction(sessionId, result.authorization_token, result.collected_shipping_address, flow);
    if (placed.status === "placed") return window.location.assign(placed.redirectUrl);
    if (placed.status === "rejected") return window.location.assign(placed.location);
    busy.current = false;
    setPhase({
      kind: "problem",
      message: placed.status === "in_progress" ? "Your order is being placed. Reload this page in a moment." : placed.message,
    });
  }, []);

  useEffect(() => {
    if (!sdkReady) return;
    let cancelled = false;
    void (async () => {
      const buttons = buttonsSdk();
      if (!buttons) return setPhase({ kind: "unavailable", message: "Klarna could not be loaded." });
      let shown;
      try {
        shown = await startExpressAction(purchase("show"), "show");
      } catch {
        shown = null;
      }
      if (cancelled) return;
      if (!shown || shown.status !== "ready") {
        // Nothing to pay for (sold out, empty cart): the page says why elsewhere, so the button simply stays away.
        return setPhase({ kind: "unavailable", message: shown?.message ?? "Express checkout is not available right now." });
      }
      const sessionId = shown.sessionId;
      const flow = shown.flow;
      buttons.init({ client_token: shown.clientToken }).load(
        {
          container: `#${containerId}`,
          ...(JSON.parse(styleKey) as ExpressButtonStyle),
          on_click: (authorize) => {
            if (busy.current) return;
            busy.current = true;
            setPhase({ kind: "working", message: "Opening Klarna…" });
            // The cart or quantity may have changed since the button was shown: Klarna's session is brought in
            // line with it first (the store's rules refuse here with a plain reason), then authorize() runs.
            void startExpressAction(purchase("pay"), "pay").then(
              (started) => {
                if (started.status !== "ready") {
                  busy.current = false;
                  return setPhase({ kind: "problem", message: started.message });
                }
                if (started.sessionId !== sessionId) buttonsSdk()?.init({ client_token: started.clientToken });
                setPhase({ kind: "ready" });
                authorize({ auto_finalize: started.flow === "one_step", collect_shipping_address: true }, null, (result) =>
                  void onResult(started.sessionId, flow, result),
                );
              },
              () => {
                busy.current = false;
                setPhase({ kind: "problem", message: "We could not reach the store. Check your connection and try again." });
              },
            );
          },
        },
        (loaded) => {
          if (!cancelled) setPhase(loaded.show_form === false ? { kind: "unavailable", message: "Klarna could not be loaded." } : { kind: "ready" });
        },
      );
    })();
    return () => {
      cancelled = true;
    };
  }, [sdkReady, containerId, styleKey, purchase, onResult]);

  const hidden = phase.kind === "unavailable";
  return (
    <div
      className="express-checkout"
      role="group"
      aria-labelledby={`${containerId}-label`}
      hidden={hidden}
      aria-busy={phase.kind === "loading" || phase.kind === "working"}
    >
      {/* As soon as the page is interactive: loaded lazyOnload, the button stayed "Loading Klarna…" for seconds after the
          product page had loaded, then pushed the content below it down. */}
      <KlarnaSdkScript src={sdkUrl} onReady={() => setSdkReady(true)} onError={() => setPhase({ kind: "unavailable", message: "Klarna could not be loaded." })} />
      <p className="express-checkout__label" id={`${containerId}-label`}>
        Checkout faster
      </p>
      <div id={containerId} className="express-checkout__button" />
      {phase.kind === "loading" && <p className="express-checkout__status">Loading Klarna…</p>}
      <div aria-live="polite">
        {phase.kind === "working" && (
          <p className="express-checkout__status" role="status">
            {phase.message}
          </p>
        )}
        {phase.kind === "problem" && (
          <p className="notice notice--error" role="alert">
            {phase.message}
          </p>
        )}
      </div>
    </div>
  );
}

