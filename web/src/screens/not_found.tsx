import { Page } from "../components/ui";

export function NotFound() {
  return (
    <Page title="Page introuvable">
      <p>Cette adresse ne correspond à aucune page de l’application.</p>
      <p>
        <a href="/">Retour à l’accueil</a>
      </p>
    </Page>
  );
}
