// Mon compte: who I am, my open sessions (close one, or all the others), my password, my two-factor setting, my
// calendar feed, my notifications.
import { useEffect, useState } from "preact/hooks";
import { api, type AccountSession } from "../api";
import { ErrorMessage, Field, Page, StatusMessage, fieldError, submit, useAction } from "../components/ui";
import { dateTime, passwordProblem, PASSWORD_MIN, ROLE_LABELS } from "../format";
import { can, ENROLMENT_PATH, loadSession, session } from "../session";
import { CalendarFeed } from "../components/calendar_feed";
import { NotificationSettings } from "../components/notification_settings";

const mayReadDeadlines = can("deadline.read");

function Sessions() {
  const [sessions, setSessions] = useState<AccountSession[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const load = useAction(async () => {
    setSessions((await api.account.sessions()).sessions);
  });
  const end = useAction(async (id: string) => {
    await api.account.endSession(id);
    setStatus("La session a été fermée.");
    await load.run();
  });
  const endOthers = useAction(async () => {
    const { ended } = await api.auth.logoutOthers();
    setStatus(ended === 0 ? "Aucune autre session n’était ouverte." : ended === 1 ? "1 autre session a été fermée." : `${ended} autres sessions ont été fermées.`);
    await load.run();
  });
  useEffect(() => void load.run(), []);
  const others = (sessions ?? []).filter((one) => !one.current).length;
  return (
    <section aria-labelledby="titre-sessions">
      <h2 id="titre-sessions">Mes sessions</h2>
      <ErrorMessage error={load.error ?? end.error ?? endOthers.error} />
      <StatusMessage text={status} />
      {sessions === null ? (
        <p class="chargement">Chargement…</p>
      ) : (
        <div class="defilement" role="region" aria-label="Sessions ouvertes" tabIndex={0}>
          <table class="tableau">
            <thead>
              <tr>
                <th scope="col">Appareil</th>
                <th scope="col">Ouverte le</th>
                <th scope="col">Dernière activité</th>
                <th scope="col">Adresse IP</th>
                <th scope="col">
                  <span class="visuellement-cache">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((one) => (
                <tr key={one.id}>
                  <td data-titre="Appareil">
                    {one.user_agent || "Inconnu"}
                    {one.current ? <strong class="pastille"> (cette session)</strong> : null}
                  </td>
                  <td data-titre="Ouverte le">{dateTime(one.created_at)}</td>
                  <td data-titre="Dernière activité">{dateTime(one.last_seen_at)}</td>
                  <td data-titre="Adresse IP">{one.client_ip || "—"}</td>
                  <td>
                    {one.current ? null : (
                      <button type="button" class="secondaire" disabled={end.busy} onClick={() => void end.run(one.id)}>
                        Fermer<span class="visuellement-cache"> la session ouverte le {dateTime(one.created_at)}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="actions">
        <button type="button" class="secondaire" disabled={endOthers.busy || others === 0} onClick={() => void endOthers.run()}>
          Déconnecter mes autres sessions
        </button>
      </div>
    </section>
  );
}

function PasswordChange() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const change = useAction(async () => {
    await api.account.changePassword({ current_password: current, new_password: next });
    setCurrent("");
    setNext("");
    setConfirmation("");
    setStatus("Votre mot de passe a été changé ; vos autres sessions ont été fermées.");
  });
  return (
    <section aria-labelledby="titre-mot-de-passe">
      <h2 id="titre-mot-de-passe">Changer mon mot de passe</h2>
      <form
        class="formulaire"
        aria-busy={change.busy}
        onSubmit={submit(() => {
          setStatus(null);
          const found = passwordProblem(next, confirmation);
          setProblem(found);
          if (!found) void change.run();
        })}
      >
        <ErrorMessage error={change.error} />
        <StatusMessage text={status} />
        <input type="hidden" name="username" autoComplete="username" value={session.value?.person.email ?? ""} />
        <Field
          label="Mot de passe actuel"
          type="password"
          name="current-password"
          autoComplete="current-password"
          required
          value={current}
          onValue={setCurrent}
          error={fieldError(change.error, "current_password")}
        />
        <Field
          label="Nouveau mot de passe"
          hint={`Au moins ${PASSWORD_MIN} caractères.`}
          type="password"
          name="new-password"
          autoComplete="new-password"
          required
          value={next}
          onValue={setNext}
          error={problem ?? fieldError(change.error, "new_password")}
        />
        <Field
          label="Confirmez le nouveau mot de passe"
          type="password"
          name="new-password-confirmation"
          autoComplete="new-password"
          required
          value={confirmation}
          onValue={setConfirmation}
        />
        <div class="actions">
          <button type="submit" disabled={change.busy}>
            Changer le mot de passe
          </button>
        </div>
      </form>
    </section>
  );
}

function TwoFactor() {
  const current = session.value;
  const [password, setPassword] = useState("");
  const [status, setStatus] = useState<string | null>(null);
  const disable = useAction(async () => {
    await api.account.disableTotp({ password });
    setPassword("");
    await loadSession();
    setStatus("La double authentification est désactivée.");
  });
  if (!current) return null;
  const enabled = current.person.totp_enabled;
  const required = current.cabinet.totp_policy === "required";
  return (
    <section aria-labelledby="titre-2fa">
      <h2 id="titre-2fa">Double authentification</h2>
      <StatusMessage text={status} />
      {enabled ? (
        <>
          <p>Activée : un code de votre application vous est demandé à chaque connexion.</p>
          {required ? (
            <p>Votre cabinet l’exige : elle ne peut pas être désactivée.</p>
          ) : (
            <form class="formulaire" aria-busy={disable.busy} onSubmit={submit(() => void disable.run())}>
              <ErrorMessage error={disable.error} />
              <Field
                label="Mot de passe (pour désactiver)"
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onValue={setPassword}
                error={fieldError(disable.error, "password")}
              />
              <div class="actions">
                <button type="submit" class="danger" disabled={disable.busy}>
                  Désactiver la double authentification
                </button>
              </div>
            </form>
          )}
        </>
      ) : (
        <>
          <p>Non activée. Avec elle, votre mot de passe seul ne suffit plus pour entrer dans votre compte.</p>
          <p>
            <a class="bouton" href={ENROLMENT_PATH}>
              Activer la double authentification
            </a>
          </p>
        </>
      )}
    </section>
  );
}

export function Account() {
  const current = session.value;
  return (
    <Page title="Mon compte">
      {current ? (
        <dl class="fiche">
          <dt>Nom</dt>
          <dd>{current.person.name}</dd>
          <dt>Adresse e-mail</dt>
          <dd>{current.person.email}</dd>
          <dt>Rôle</dt>
          <dd>{ROLE_LABELS[current.person.role]}</dd>
          <dt>Cabinet</dt>
          <dd>{current.cabinet.name}</dd>
        </dl>
      ) : null}
      <Sessions />
      <PasswordChange />
      <TwoFactor />
      <NotificationSettings />
      {mayReadDeadlines.value ? <CalendarFeed /> : null}
    </Page>
  );
}
