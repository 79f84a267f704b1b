// HTML for the simulator's own pages, escaped by default so template pieces nest safely.

/** A value made safe for HTML, so template pieces can be nested without escaping twice. */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | null | undefined | Html[];

export function html(strings: TemplateStringsArray, ...parts: Part[]): Html {
  let out = strings[0] ?? "";
  parts.forEach((part, index) => {
    out += render(part) + (strings[index + 1] ?? "");
  });
  return new Html(out);
}

function render(part: Part): string {
  if (part === null || part === undefined) return "";
  if (Array.isArray(part)) return part.map(render).join("");
  if (part instanceof Html) return part.text;
  return String(part).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Minor units for display, e.g. "SEK 525.00" (two decimals assumed). */
export function money(minor: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-GB", { style: "currency", currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}


/** A value as a JavaScript literal inside a <script> element ("</" must not close the element early). */
export function scriptJson(value: unknown): Html {
  return new Html(JSON.stringify(value).replaceAll("</", "<\\/"));
}
