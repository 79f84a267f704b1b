"use client";

import { useActionState } from "react";
import { signInAction, type SignInState } from "./auth-actions";

export function SignInForm({ callbackUrl }: { callbackUrl: string }) {
  const [state, action, pending] = useActionState<SignInState | null, FormData>(signInAction, null);
  const failed = Boolean(state?.message);
  return (
    <form action={action} aria-label="Sign in" noValidate>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <label className="field">
        <span className="field__label">Email</span>
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state?.email}
          className="field__input"
          aria-invalid={failed || undefined}
        />
      </label>
      <label className="field">
        <span className="field__label">Password</span>
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className="field__input"
          aria-invalid={failed || undefined}
        />
      </label>
      <div aria-live="polite">
        {failed && (
          <p className="notice notice--error" role="alert">
            {state?.message}
          </p>
        )}
      </div>
      <button type="submit" className="button button--primary button--block" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
