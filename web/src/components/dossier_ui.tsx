// Building blocks of the clients and dossiers screens: a labelled select, the conflict review the lawyer confirms,
// a client picker, accessible tabs, a search snippet with its matches marked.
import type { ComponentChildren } from "preact";
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { dossierApi, type ClientOut, type ConflictMatch } from "../api_dossiers";
import { againstLabel, snippetParts } from "../dossier_format";
import { ErrorMessage, useAction } from "./ui";

export function SelectField<T extends string>({
  label,
  name,
  value,
  options,
  onValue,
  hint,
}: {
  label: string;
  name: string;
  value: T;
  options: ReadonlyArray<readonly [T, string]>;
  onValue: (value: T) => void;
  hint?: string;
}) {
  const id = useId();
  return (
    <div class="champ">
      <label for={id}>{label}</label>
      {hint ? (
        <p class="aide" id={`${id}-aide`}>
          {hint}
        </p>
      ) : null}
      <select
        id={id}
        name={name}
        value={value}
        aria-describedby={hint ? `${id}-aide` : undefined}
        onChange={(event) => onValue(event.currentTarget.value as T)}
      >
        {options.map(([code, text]) => (
          <option key={code} value={code}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The matches of a conflict check, and the lawyer's explicit confirmation before anything is created. */
export function ConflictReview({
  conflicts,
  confirmed,
  onConfirmed,
}: {
  conflicts: ConflictMatch[];
  confirmed: boolean;
  onConfirmed: (value: boolean) => void;
}) {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section class="conflits" aria-labelledby={`${id}-titre`}>
      <h2 id={`${id}-titre`} ref={heading} tabIndex={-1}>
        Conflit d’intérêts possible : {conflicts.length} correspondance{conflicts.length > 1 ? "s" : ""}
      </h2>
      <ul class="liste">
        {conflicts.map((match, index) => (
          <li key={`${match.subject}:${match.id ?? index}`}>
            <span>
              <strong>{match.subject}</strong> correspond {match.match === "siren" ? "par SIREN" : "par le nom"} à{" "}
              <strong>{match.name}</strong>, {againstLabel(match)}
              {match.dossier ? (
                <>
                  {" "}
                  dans le dossier <a href={`/dossiers/${encodeURIComponent(match.dossier.id)}`}>{match.dossier.reference}</a>
                </>
              ) : null}
              {match.restricted && match.hint ? <> ({match.hint})</> : null}
              .{match.blocking ? <strong class="ko"> Parties opposées : conflit d’intérêts.</strong> : null}
            </span>
          </li>
        ))}
      </ul>
      <div class="case">
        <input
          type="checkbox"
          id={`${id}-confirme`}
          checked={confirmed}
          onChange={(event) => onConfirmed(event.currentTarget.checked)}
        />
        <label for={`${id}-confirme`}>
          Je confirme avoir vérifié ces correspondances et que ce dossier ne crée pas de conflit d’intérêts.
        </label>
      </div>
    </section>
  );
}

/** Finds a client by the start of their name and hands it over; `exclude` hides those already chosen. */
export function ClientPicker({
  label,
  exclude,
  onPick,
}: {
  label: string;
  exclude: readonly string[];
  onPick: (client: ClientOut) => void;
}) {
  const id = useId();
  const [text, setText] = useState("");
  const [found, setFound] = useState<ClientOut[] | null>(null);
  const find = useAction(async () => {
    const page = await dossierApi.clients.list({ q: text.trim() }, null, 10);
    setFound(page.items.filter((client) => !exclude.includes(client.id)));
  });
  return (
    <div class="champ">
      <label for={id}>{label}</label>
      <div class="en-ligne">
        <input
          id={id}
          type="search"
          value={text}
          autoComplete="off"
          onInput={(event) => setText(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === "Enter") {
              event.preventDefault();
              void find.run();
            }
          }}
        />
        <button type="button" class="secondaire" disabled={find.busy} onClick={() => void find.run()}>
          Chercher<span class="visuellement-cache"> un client</span>
        </button>
      </div>
      <ErrorMessage error={find.error} />
      {found === null ? null : found.length === 0 ? (
        <p role="status">Aucun client trouvé.</p>
      ) : (
        <ul class="liste" aria-label="Clients trouvés">
          {found.map((client) => (
            <li key={client.id}>
              <span>{client.display_name}</span>
              <button
                type="button"
                class="secondaire"
                onClick={() => {
                  onPick(client);
                  setFound(null);
                  setText("");
                }}
              >
                Choisir<span class="visuellement-cache"> {client.display_name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A search snippet: the API marks the matched words with brackets; they become <mark> elements (text nodes only,
 * never HTML: a snippet is the cabinet's own text, and Trusted Types would refuse markup anyway). */
export function Snippet({ text }: { text: string }) {
  return (
    <span class="extrait">
      {snippetParts(text).map((part, index) => (part.matched ? <mark key={index}>{part.text}</mark> : part.text))}
    </span>
  );
}

export interface Tab {
  id: string;
  label: string;
  content: () => ComponentChildren;
}

/** WAI-ARIA tabs: arrow keys, Home and End move between them; only the chosen one is in the tab order. */
export function Tabs({ tabs, label, selected, onSelect }: { tabs: Tab[]; label: string; selected: string; onSelect: (id: string) => void }) {
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const index = Math.max(0, tabs.findIndex((tab) => tab.id === selected));
  const go = (next: number) => {
    const tab = tabs[(next + tabs.length) % tabs.length];
    if (!tab) return;
    onSelect(tab.id);
    refs.current[tab.id]?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    go(next);
  };
  const current = tabs[index];
  return (
    <div class="onglets">
      <div role="tablist" aria-label={label} onKeyDown={onKeyDown}>
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            id={`onglet-${tab.id}`}
            ref={(element) => {
              refs.current[tab.id] = element;
            }}
            aria-selected={tab.id === current?.id ? "true" : "false"}
            aria-controls={`panneau-${tab.id}`}
            tabIndex={tab.id === current?.id ? 0 : -1}
            onClick={() => onSelect(tab.id)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      {current ? (
        <div role="tabpanel" id={`panneau-${current.id}`} aria-labelledby={`onglet-${current.id}`} tabIndex={0}>
          {current.content()}
        </div>
      ) : null}
    </div>
  );
}

/** "Voir plus" under a list read by cursor. */
export function MoreButton({ cursor, busy, onMore }: { cursor: string | null; busy: boolean; onMore: () => void }) {
  if (!cursor) return null;
  return (
    <div class="actions">
      <button type="button" class="secondaire" disabled={busy} onClick={onMore}>
        Suivant : voir plus
      </button>
    </div>
  );
}
