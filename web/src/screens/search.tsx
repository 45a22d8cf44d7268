// Search results (/recherche?q=…): one query over clients, dossiers, parties, mail and documents' text, shown by
// kind with their snippets (the matched words marked), each linked to its client, dossier or document.
import { useEffect, useState } from "preact/hooks";
import { dossierApi, type SearchHit, type SearchKind } from "../api_dossiers";
import { MoreButton, Snippet } from "../components/dossier_ui";
import { ErrorMessage, Page, useAction } from "../components/ui";
import { SEARCH_KIND_LABELS } from "../dossier_format";
import { currentSearch } from "../router";

const ORDER: SearchKind[] = ["dossier", "client", "document", "partie", "mail"];

function hrefOf(hit: SearchHit): string | null {
  const dossier = hit.dossier ? `/dossiers/${encodeURIComponent(hit.dossier.id)}` : null;
  switch (hit.kind) {
    case "client":
      return `/clients/${encodeURIComponent(hit.id)}`;
    case "dossier":
      return `/dossiers/${encodeURIComponent(hit.id)}`;
    case "document":
      return dossier ? `${dossier}?onglet=documents` : null;
    default:
      return dossier;
  }
}

function Hit({ hit }: { hit: SearchHit }) {
  const href = hrefOf(hit);
  return (
    <li class="resultat">
      <p class="titre-resultat">
        {href ? <a href={href}>{hit.title}</a> : <strong>{hit.title}</strong>}
        {hit.dossier && hit.kind !== "dossier" ? <span class="discret"> — dossier {hit.dossier.reference}</span> : null}
      </p>
      {hit.snippet ? (
        <p>
          <Snippet text={hit.snippet} />
        </p>
      ) : null}
    </li>
  );
}

export function SearchScreen() {
  const q = new URLSearchParams(currentSearch.value).get("q")?.trim() ?? "";
  const [hits, setHits] = useState<SearchHit[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const search = useAction(async () => {
    setHits(null);
    const page = await dossierApi.search(q);
    setHits(page.items);
    setCursor(page.next_cursor);
  });
  const more = useAction(async () => {
    const page = await dossierApi.search(q, cursor);
    setHits([...(hits ?? []), ...page.items]);
    setCursor(page.next_cursor);
  });
  useEffect(() => {
    if (q.length >= 2) void search.run();
  }, [q]);
  const groups = ORDER.map((kind) => [kind, (hits ?? []).filter((hit) => hit.kind === kind)] as const);
  return (
    <Page title={q ? `Recherche : ${q}` : "Recherche"}>
      {q.length < 2 ? <p>Tapez au moins deux caractères dans le champ de recherche, en haut de la page.</p> : null}
      <ErrorMessage error={search.error ?? more.error} />
      {q.length >= 2 && hits === null && !search.error ? <p class="chargement">Recherche…</p> : null}
      {hits !== null ? (
        <p role="status" class="statut">
          {hits.length === 0 ? "Aucun résultat." : `${hits.length} résultat${hits.length > 1 ? "s" : ""}${cursor ? " (il y en a d’autres)" : ""}.`}
        </p>
      ) : null}
      {groups.map(([kind, found]) =>
        found.length === 0 ? null : (
          <section key={kind} aria-labelledby={`resultats-${kind}`}>
            <h2 id={`resultats-${kind}`}>
              {SEARCH_KIND_LABELS[kind]} ({found.length})
            </h2>
            <ul class="resultats">
              {found.map((hit) => (
                <Hit key={`${hit.kind}:${hit.id}`} hit={hit} />
              ))}
            </ul>
          </section>
        ),
      )}
      <MoreButton cursor={cursor} busy={more.busy} onMore={() => void more.run()} />
    </Page>
  );
}
