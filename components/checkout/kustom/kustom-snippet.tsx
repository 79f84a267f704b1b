"use client";

import { useEffect, useRef } from "react";

/**
 * Renders Kustom's `html_snippet`. Scripts inserted through innerHTML never run, so each one is re-created as a new
 * script element (notes.md §4); the snippet then draws its own iframe inside the container.
 */
export function KustomSnippet({ snippet, label }: { snippet: string; label: string }) {
  const container = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const root = container.current;
    if (!root) return;
    root.innerHTML = snippet;
    // The page's Content-Security-Policy allows inline scripts by nonce only (proxy.ts): the snippet's script gets
    // the nonce Next.js put on the page's own scripts (readable as a property, never as an attribute).
    const nonce = document.querySelector<HTMLScriptElement>("script[nonce]")?.nonce;
    for (const original of Array.from(root.querySelectorAll("script"))) {
      const script = document.createElement("script");
      for (const { name, value } of Array.from(original.attributes)) script.setAttribute(name, value);
      if (nonce) script.nonce = nonce;
      script.text = original.text;
      original.replaceWith(script);
    }
    return () => {
      root.innerHTML = "";
    };
  }, [snippet]);

  return <div ref={container} className="kustom-snippet" aria-label={label} role="region" />;
}
