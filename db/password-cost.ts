/** bcrypt cost for merchant passwords: about a third of a second per guess, slow for guessing, quick to sign in. */
export const PASSWORD_HASH_COST = 12;
