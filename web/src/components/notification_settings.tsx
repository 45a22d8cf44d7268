// Mon compte › Notifications: per type, whether it interrupts (live: the toast, the browser notification) and
// whether the morning digest lists it; and the browser's own notifications, asked for only from this button.
import { useEffect, useState } from "preact/hooks";
import { notificationApi, type TypePreference } from "../api_notifications";
import { ErrorMessage, StatusMessage, submit, useAction } from "./ui";
import { browserNotificationsOn, browserNotificationsSupported, setBrowserNotifications } from "../realtime";

function browserState(): string {
  if (!browserNotificationsSupported()) return "Ce navigateur ne sait pas afficher de notifications.";
  if (Notification.permission === "denied") {
    return "Ce navigateur refuse les notifications de ce site : autorisez-les dans ses réglages pour les activer.";
  }
  return browserNotificationsOn()
    ? "Activées sur ce navigateur : quand l’onglet n’est pas affiché, une notification dit ce qui arrive (sans nom de client ni de dossier)."
    : "Désactivées sur ce navigateur.";
}

function BrowserNotifications() {
  const [state, setState] = useState(browserState);
  const [on, setOn] = useState(browserNotificationsOn);
  const ask = useAction(async () => {
    const permission = await Notification.requestPermission();
    setBrowserNotifications(permission === "granted");
    setOn(browserNotificationsOn());
    setState(browserState());
  });
  const supported = browserNotificationsSupported();
  return (
    <>
      <h3>Notifications du navigateur</h3>
      <p role="status">{state}</p>
      {supported && Notification.permission !== "denied" ? (
        <div class="actions">
          {on ? (
            <button type="button" class="secondaire" onClick={() => { setBrowserNotifications(false); setOn(false); setState(browserState()); }}>
              Désactiver les notifications du navigateur
            </button>
          ) : (
            <button type="button" class="secondaire" disabled={ask.busy} onClick={() => void ask.run()}>
              Activer les notifications du navigateur
            </button>
          )}
        </div>
      ) : null}
    </>
  );
}

export function NotificationSettings() {
  const [types, setTypes] = useState<TypePreference[] | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const load = useAction(async () => setTypes((await notificationApi.preferences()).types));
  const save = useAction(async () => {
    const answer = await notificationApi.savePreferences((types ?? []).map(({ type, live, digest }) => ({ type, live, digest })));
    setTypes(answer.types);
    setStatus("Vos préférences de notification sont enregistrées.");
  });
  useEffect(() => void load.run(), []);
  const change = (type: string, key: "live" | "digest", value: boolean) => {
    setStatus(null);
    setTypes((before) => (before ?? []).map((one) => (one.type === type ? { ...one, [key]: value } : one)));
  };
  return (
    <section aria-labelledby="titre-notifications">
      <h2 id="titre-notifications">Notifications</h2>
      <p>
        Toutes les notifications restent listées sous la cloche ; vous choisissez celles qui vous interrompent (en direct) et celles que le
        résumé du matin reprend.
      </p>
      <ErrorMessage error={load.error ?? save.error} />
      <StatusMessage text={status} />
      {types === null ? (
        load.error ? null : <p class="chargement">Chargement…</p>
      ) : (
        <form class="formulaire large" aria-busy={save.busy} onSubmit={submit(() => void save.run())}>
          <div class="defilement" role="region" aria-label="Préférences par type" tabIndex={0}>
            <table class="tableau preferences">
              <thead>
                <tr>
                  <th scope="col">Type</th>
                  <th scope="col">En direct</th>
                  <th scope="col">Résumé du matin</th>
                </tr>
              </thead>
              <tbody>
                {types.map((one) => (
                  <tr key={one.type}>
                    <th scope="row">{one.label}</th>
                    <td data-titre="En direct">
                      <input type="checkbox" aria-label={`${one.label} : en direct`} checked={one.live} onChange={(event) => change(one.type, "live", event.currentTarget.checked)} />
                    </td>
                    <td data-titre="Résumé du matin">
                      <input type="checkbox" aria-label={`${one.label} : dans le résumé du matin`} checked={one.digest} onChange={(event) => change(one.type, "digest", event.currentTarget.checked)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div class="actions">
            <button type="submit" disabled={save.busy}>
              Enregistrer mes préférences
            </button>
          </div>
        </form>
      )}
      <BrowserNotifications />
    </section>
  );
}
