"use client";

import { useRef } from "react";
import { useFormStatus } from "react-dom";
import { MARKETS, type MarketCode } from "@/lib/pricing/markets";
import { chooseMarket } from "./actions";

function Select({ current }: { current: MarketCode }) {
  const { pending } = useFormStatus();
  return (
    <select
      id="market"
      name="market"
      defaultValue={current}
      disabled={pending}
      onChange={(event) => event.currentTarget.form?.requestSubmit()}
      className="market-picker__select"
    >
      {Object.values(MARKETS).map((market) => (
        <option key={market.code} value={market.code}>
          {market.name} ({market.currency})
        </option>
      ))}
    </select>
  );
}

export function MarketPicker({ current }: { current: MarketCode }) {
  const form = useRef<HTMLFormElement>(null);
  return (
    <form ref={form} action={chooseMarket} className="market-picker">
      <label htmlFor="market" className="market-picker__label">
        Ship to
      </label>
      {/* Keyed by the market, so the select shows the new choice once the action has re-rendered the page. */}
      <Select key={current} current={current} />
    </form>
  );
}
