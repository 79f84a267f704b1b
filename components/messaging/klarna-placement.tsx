import type { DetailedHTMLProps, HTMLAttributes } from "react";
import styles from "./klarna-placement.module.css";

declare module "react" {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- React's JSX types are declared in a namespace.
  namespace JSX {
    interface IntrinsicElements {
      /** Klarna's placement tag; the web SDK renders the message into its shadow root. */
      "klarna-placement": DetailedHTMLProps<HTMLAttributes<HTMLElement>, HTMLElement> & {
        "data-key": string;
        "data-locale": string;
        "data-purchase-amount": number;
      };
    }
  }
}

/**
 * A Klarna On-site messaging placement, rendered with the page. Its box keeps the height of the message, so the
 * page does not move when (or whether) the script fills it in.
 */
export function KlarnaPlacement({ placementKey, locale, amount }: { placementKey: string; locale: string; amount: number }) {
  return (
    <div className={styles.slot}>
      {/* data-purchase-amount is in minor units (ISO 4217), as Klarna's placement reference asks. */}
      <klarna-placement data-key={placementKey} data-locale={locale} data-purchase-amount={amount} />
    </div>
  );
}
