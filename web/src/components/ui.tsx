// The building blocks every screen uses: a page with its title and focus, the error and status regions, fields.
import { createElement, type ComponentChildren, type LooseInputHTMLAttributes } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { ApiError } from "../api";

const APP_NAME = "IA Poste Manager";
let firstPage = true;

/** A screen: sets the document title and, after a navigation, moves the focus to its heading (screen readers
 * then announce the new page, and the keyboard starts from the top of it). */
export function Page({ title, children }: { title: string; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = title === APP_NAME ? APP_NAME : `${title} — ${APP_NAME}`;
    if (firstPage) firstPage = false;
    else heading.current?.focus();
  }, [title]);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return "Une erreur inattendue est survenue. Réessayez.";
}

/** The error region: present from the start (so assistive technologies announce what appears in it). */
export function ErrorMessage({ error }: { error: unknown }) {
  const details = error instanceof ApiError ? error.details : [];
  return (
    <div class="alerte" role="alert" aria-live="assertive">
      {error ? <p>{messageOf(error)}</p> : null}
      {details.length > 0 ? (
        <ul>
          {details.map((problem) => (
            <li key={problem.champ + problem.message}>
              {problem.champ ? `${problem.champ} : ` : ""}
              {problem.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A polite region for confirmations ("Invitation envoyée…"). */
export function StatusMessage({ text }: { text: string | null }) {
  return (
    <p class="statut" role="status" aria-live="polite">
      {text ?? ""}
    </p>
  );
}

interface InputProps {
  type?: "text" | "email" | "password" | "date";
  name: string;
  autoComplete?: string;
  inputMode?: "text" | "numeric" | "email";
  pattern?: string;
  required?: boolean;
  readOnly?: boolean;
  minLength?: number;
}

export function Field({
  label,
  value,
  onValue,
  hint,
  error,
  type = "text",
  ...input
}: InputProps & { label: string; value: string; onValue: (value: string) => void; hint?: string; error?: string | null }) {
  const id = useId();
  const described = [hint ? `${id}-aide` : "", error ? `${id}-erreur` : ""].filter(Boolean).join(" ");
  return (
    <div class="champ">
      <label for={id}>{label}</label>
      {hint ? (
        <p class="aide" id={`${id}-aide`}>
          {hint}
        </p>
      ) : null}
      {createElement<LooseInputHTMLAttributes<HTMLInputElement>>("input", {
        ...input,
        type,
        id,
        value,
        onInput: (event) => onValue(event.currentTarget.value),
        "aria-invalid": error ? "true" : undefined,
        "aria-describedby": described || undefined,
      })}
      {error ? (
        <p class="erreur-champ" id={`${id}-erreur`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Runs an action for a form: busy while it runs, its error kept for the error region. */
export function useAction<A extends unknown[]>(action: (...args: A) => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      await action(...args);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, setError, run };
}

export function fieldError(error: unknown, field: string): string | null {
  return error instanceof ApiError && error.field === field ? error.message : null;
}

export function submit(handler: () => void) {
  return (event: Event) => {
    event.preventDefault();
    handler();
  };
}
