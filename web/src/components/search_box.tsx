// The search field of the app's header. "/" (outside a text field) and Ctrl+K (or ⌘K) put the focus in it from
// anywhere; Enter opens the results page.
import { useEffect, useRef, useState } from "preact/hooks";
import { currentPath, currentSearch, navigate } from "../router";

/** Whether a key typed now goes into something editable (then "/" is a slash, not the shortcut). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function SearchBox() {
  const field = useRef<HTMLInputElement>(null);
  const onResults = currentPath.value === "/recherche";
  const [text, setText] = useState(onResults ? (new URLSearchParams(currentSearch.value).get("q") ?? "") : "");
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const ctrlK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
      const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typingIn(event.target);
      if (!ctrlK && !slash) return;
      event.preventDefault();
      field.current?.focus();
      field.current?.select();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);
  return (
    <form
      role="search"
      class="recherche"
      aria-label="Recherche dans le cabinet"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) navigate(`/recherche?q=${encodeURIComponent(text.trim())}`);
      }}
    >
      <label for="recherche-globale" class="visuellement-cache">
        Rechercher clients, dossiers, documents (raccourci : / ou Ctrl+K)
      </label>
      <input
        ref={field}
        id="recherche-globale"
        type="search"
        name="q"
        value={text}
        placeholder="Rechercher (/)"
        autoComplete="off"
        aria-keyshortcuts="/ Control+K"
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <button type="submit" class="secondaire">
        Rechercher
      </button>
    </form>
  );
}
