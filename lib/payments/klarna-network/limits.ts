/** Klarna's limits per payment transaction (notes.md §5): 200 captures, 200 refunds, 500 actions in all; 403 beyond. */
export const LIMITS = { captures: 200, refunds: 200, actions: 500 } as const;
