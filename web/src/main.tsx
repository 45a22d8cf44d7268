// The web app's entry: the shell (header, navigation, main region) and the table of screens.
import { render, type ComponentType } from "preact";
import { useEffect } from "preact/hooks";
import { refreshTrayCount, trayCount } from "./tray";
import "./styles.css";
import { currentPath, match, navigate, onLinkClick } from "./router";
import { can, ENROLMENT_PATH, loadSession, loginUrl, logout, session } from "./session";
import { Account } from "./screens/account";
import { Audit } from "./screens/audit";
import { Enrolment } from "./screens/enrolment";
import { Home } from "./screens/home";
import { Invitation } from "./screens/invitation";
import { Login } from "./screens/login";
import { NotFound } from "./screens/not_found";
import { ResetComplete, ResetRequest } from "./screens/reset";
import { Team } from "./screens/team";
import { ClientScreen } from "./screens/client";
import { Clients, NewClientScreen } from "./screens/clients";
import { DossierScreen } from "./screens/dossier";
import { Dossiers, NewDossierScreen } from "./screens/dossiers";
import { SearchScreen } from "./screens/search";
import { Echeances } from "./screens/echeances";
import { Tray } from "./screens/courrier";
import { MessageScreen } from "./screens/message";
import { CabinetScreen } from "./screens/cabinet";
import { NotificationsScreen } from "./screens/notifications";
import { TranscriptionScreen } from "./screens/transcription";
import { SearchBox } from "./components/search_box";
import { Bell, Toasts } from "./components/notifications_ui";
import { onRealtime, startRealtime, stopRealtime } from "./realtime";
import { Page } from "./components/ui";

// "public", "session" (any person logged in), or the permission the screen needs (docs/permissions.md)
type Access = "public" | "session" | string;
type Screen = ComponentType<{ params: Record<string, string> }>;

const ROUTES: ReadonlyArray<readonly [string, Screen, Access]> = [
  ["/", Home, "public"],
  ["/connexion", Login, "public"],
  ["/mot-de-passe-oublie", ResetRequest, "public"],
  ["/reinitialisation/:token", ResetComplete, "public"],
  ["/invitation/:token", Invitation, "public"],
  ["/compte", Account, "session"],
  ["/notifications", NotificationsScreen, "session"],
  [ENROLMENT_PATH, Enrolment, "session"],
  ["/equipe", Team, "people.manage"],
  ["/journal", Audit, "audit.read"],
  ["/clients", Clients, "client.read"],
  ["/clients/nouveau", NewClientScreen, "client.manage"],
  ["/clients/:id", ClientScreen, "client.read"],
  ["/dossiers", Dossiers, "dossier.read"],
  ["/dossiers/nouveau", NewDossierScreen, "dossier.manage"],
  ["/dossiers/:id", DossierScreen, "dossier.read"],
  ["/transcriptions/:id", TranscriptionScreen, "document.read"],
  ["/recherche", SearchScreen, "search.use"],
  ["/echeances", Echeances, "deadline.read"],
  ["/courrier/a-classer", Tray, "mail.read"],
  ["/courrier/:id", MessageScreen, "mail.read"],
  ["/cabinet", CabinetScreen, "cabinet.manage"],
];

const RESERVED_TO_ASSOCIES: ReadonlySet<string> = new Set(["people.manage", "audit.read", "cabinet.manage"]);

function resolve(path: string): { screen: Screen; access: Access; params: Record<string, string> } {
  for (const [pattern, screen, access] of ROUTES) {
    const params = match(pattern, path);
    if (params) return { screen, access, params };
  }
  return { screen: NotFound, access: "public", params: {} };
}

const mayManagePeople = can("people.manage");
const mayReadAudit = can("audit.read");
const mayReadClients = can("client.read");
const mayReadDossiers = can("dossier.read");
const maySearch = can("search.use");
const mayReadDeadlines = can("deadline.read");
const mayReadMail = can("mail.read");
const mayManageCabinet = can("cabinet.manage");

function Navigation() {
  const current = session.value;
  const here = currentPath.value;
  const open = current && !current.totp_enrolment_required;
  const readsMail = Boolean(open && mayReadMail.value);
  useEffect(() => {
    if (!readsMail) return undefined;
    void refreshTrayCount();
    return onRealtime((event) => {
      if (event.kind === "resync" || (event.kind === "notification" && event.note.type.startsWith("courrier."))) void refreshTrayCount();
    });
  }, [readsMail, current?.person.id]);
  // one socket per tab, while a session is open (not before its 2FA enrolment)
  const live = Boolean(open);
  useEffect(() => {
    if (!live) return undefined;
    startRealtime();
    return stopRealtime;
  }, [live, current?.person.id]);
  const link = (href: string, label: string, section = href) => (
    <li>
      <a href={href} aria-current={here === href ? "page" : here.startsWith(`${section}/`) && section !== "/" ? "true" : undefined}>
        {label}
      </a>
    </li>
  );
  return (
    <nav aria-label="Navigation principale">
      <ul>
        {link("/", "Accueil")}
        {open && mayReadClients.value ? link("/clients", "Clients") : null}
        {open && mayReadDossiers.value ? link("/dossiers", "Dossiers") : null}
        {open && mayReadDeadlines.value ? link("/echeances", "Échéances") : null}
        {readsMail ? link("/courrier/a-classer", trayCount.value ? `Courrier (${trayCount.value} à classer)` : "Courrier", "/courrier") : null}
        {open && mayManagePeople.value ? link("/equipe", "L’équipe") : null}
        {open && mayManageCabinet.value ? link("/cabinet", "Réglages") : null}
        {open && mayReadAudit.value ? link("/journal", "Journal d’audit") : null}
        {open ? <Bell current={here === "/notifications"} /> : null}
        {current ? link("/compte", "Mon compte") : null}
        {current === null ? link("/connexion", "Se connecter") : null}
        {current ? (
          <li>
            <button type="button" class="lien" onClick={() => void logout()}>
              Se déconnecter
            </button>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

function Guarded({ access, screen: Screen, params }: { access: Access; screen: Screen; params: Record<string, string> }) {
  const current = session.value;
  const path = currentPath.value;
  const needsSession = access !== "public";
  useEffect(() => {
    if (needsSession && current === null) navigate(loginUrl(), { replace: true });
    else if (needsSession && current?.totp_enrolment_required && path !== ENROLMENT_PATH) {
      navigate(ENROLMENT_PATH, { replace: true });
    }
  }, [needsSession, current, path]);
  if (!needsSession) return <Screen params={params} />;
  if (!current || (current.totp_enrolment_required && path !== ENROLMENT_PATH)) {
    return <p class="chargement">Chargement…</p>;
  }
  if (access !== "session" && !current.permissions.includes(access)) {
    return (
      <Page title="Accès réservé">
        <p>
          {RESERVED_TO_ASSOCIES.has(access)
            ? "Cette page est réservée aux associés du cabinet."
            : "Votre rôle dans le cabinet ne donne pas accès à cette page."}
        </p>
        <p>
          <a href="/">Retour à l’accueil</a>
        </p>
      </Page>
    );
  }
  return <Screen params={params} />;
}

function App() {
  const { screen, access, params } = resolve(currentPath.value);
  return (
    <>
      <a class="evitement" href="#contenu">
        Aller au contenu
      </a>
      <header class="entete">
        <a class="marque" href="/">
          IA Poste Manager
        </a>
        {session.value ? <span class="cabinet">{session.value.cabinet.name}</span> : null}
        {session.value && !session.value.totp_enrolment_required && maySearch.value ? <SearchBox /> : null}
        <Navigation />
      </header>
      <main id="contenu" tabIndex={-1}>
        {session.value === undefined && access !== "public" ? (
          <p class="chargement">Chargement…</p>
        ) : (
          <Guarded key={currentPath.value} access={access} screen={screen} params={params} />
        )}
      </main>
      {session.value && !session.value.totp_enrolment_required ? <Toasts /> : null}
    </>
  );
}

document.addEventListener("click", onLinkClick);
const root = document.getElementById("app");
if (root) {
  render(<App />, root);
  void loadSession();
}
