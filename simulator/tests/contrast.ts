// WCAG 2.x contrast, for the pages and widgets the simulator draws (AA: 4.5:1 for normal text).

function luminance(hex: string): number {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((c) => c + c).join("")}` : hex;
  const channels = [1, 3, 5].map((at) => Number.parseInt(full.slice(at, at + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(foreground: string, background: string): number {
  const [light, dark] = [luminance(foreground), luminance(background)].sort((a, b) => b - a) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/**
 * Every CSS rule in `css` that sets a text colour, with its contrast against the rule's own background colour (or
 * `pageBackground` when it sets none), below `minimum`.
 */
export function lowContrastRules(css: string, pageBackground = "#ffffff", minimum = 4.5): string[] {
  const failures: string[] = [];
  for (const match of css.matchAll(/([^{}"]+)\{([^{}]*)\}/g)) {
    const [, selector = "", body = ""] = match;
    const color = /(?:^|;)\s*color:\s*(#[0-9a-fA-F]{3,6})\b/.exec(body)?.[1];
    if (!color) continue;
    const background = /(?:^|;)\s*background(?:-color)?:\s*(#[0-9a-fA-F]{3,6})\b/.exec(body)?.[1] ?? pageBackground;
    const ratio = contrastRatio(color, background);
    if (ratio < minimum) failures.push(`${selector.trim()}: ${color} on ${background} = ${ratio.toFixed(2)}:1`);
  }
  return failures;
}
