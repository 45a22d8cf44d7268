// Turning on two-factor authentication: scan the QR code (or type the key), confirm with a code, keep the
// recovery codes (shown once, never again).
import type { ComponentType } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { api, type TotpEnrolmentOut } from "../api";
import { ErrorMessage, Field, Page, fieldError, submit, useAction } from "../components/ui";
import { navigate } from "../router";
import { loadSession, session } from "../session";

type QrComponent = ComponentType<{ value: string; label: string }>;

function grouped(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}

export function Enrolment() {
  const person = session.value?.person;
  const required = session.value?.totp_enrolment_required ?? false;
  const [enrolment, setEnrolment] = useState<TotpEnrolmentOut | null>(null);
  const [Qr, setQr] = useState<{ component: QrComponent } | null>(null);
  const [code, setCode] = useState("");
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [kept, setKept] = useState(false);
  const start = useAction(async () => {
    const [started, module] = await Promise.all([api.account.startTotpEnrolment(), import("../qr")]);
    setQr({ component: module.QrCode });
    setEnrolment(started);
  });
  const confirm = useAction(async () => {
    setRecovery((await api.account.confirmTotp({ code: code.replace(/\s+/g, "") })).recovery_codes);
  });
  const finish = useAction(async () => {
    await loadSession();
    navigate("/compte", { replace: true });
  });
  const alreadyOn = person?.totp_enabled && recovery === null;
  const download = useMemo(
    () => (recovery ? URL.createObjectURL(new Blob([recovery.join("\n") + "\n"], { type: "text/plain;charset=utf-8" })) : null),
    [recovery],
  );
  useEffect(() => {
    if (!alreadyOn) void start.run();
  }, []);

  if (alreadyOn) {
    return (
      <Page title="Double authentification">
        <p>La double authentification est déjà activée sur votre compte.</p>
        <p>
          <a href="/compte">Retour à mon compte</a>
        </p>
      </Page>
    );
  }
  if (recovery) {
    return (
      <Page title="Vos codes de secours">
        <p role="status">La double authentification est activée.</p>
        <p>
          Chaque code ci-dessous remplace une fois le code de votre application, si vous la perdez.{" "}
          <strong>Ils ne seront plus jamais affichés</strong> : imprimez-les ou enregistrez-les dans un coffre-fort
          de mots de passe.
        </p>
        <ol class="codes" aria-label="Codes de secours">
          {recovery.map((one) => (
            <li key={one}>
              <code>{one}</code>
            </li>
          ))}
        </ol>
        {download ? (
          <div class="actions">
            <a class="bouton secondaire" download="codes-de-secours-ia-poste-manager.txt" href={download}>
              Télécharger les codes
            </a>
          </div>
        ) : null}
        <form class="formulaire" onSubmit={submit(() => void finish.run())}>
          <ErrorMessage error={finish.error} />
          <div class="case">
            <input id="codes-conserves" type="checkbox" checked={kept} onChange={(e) => setKept(e.currentTarget.checked)} />
            <label for="codes-conserves">J’ai conservé mes codes de secours</label>
          </div>
          <div class="actions">
            <button type="submit" disabled={!kept || finish.busy}>
              Terminer
            </button>
          </div>
        </form>
      </Page>
    );
  }
  const QrCode = Qr?.component;
  return (
    <Page title="Activer la double authentification">
      {required ? (
        <p class="avertissement">
          Votre cabinet exige la double authentification : activez-la pour accéder à l’application.
        </p>
      ) : null}
      <ErrorMessage error={start.error} />
      {start.error ? (
        <div class="actions">
          <button type="button" onClick={() => void start.run()}>
            Réessayer
          </button>
        </div>
      ) : null}
      <ol class="etapes">
        <li>
          <p>Ouvrez votre application d’authentification (par exemple celle de votre téléphone) et scannez ce code :</p>
          <div class="qr-cadre" aria-busy={!enrolment}>
            {enrolment && QrCode ? (
              <QrCode value={enrolment.otpauth_uri} label="Code QR à scanner avec votre application d’authentification" />
            ) : (
              <p class="chargement">Préparation du code…</p>
            )}
          </div>
          {enrolment ? (
            <p>
              Ou saisissez cette clé : <code class="cle">{grouped(enrolment.secret)}</code>
            </p>
          ) : null}
        </li>
        <li>
          <form class="formulaire" aria-busy={confirm.busy} onSubmit={submit(() => void confirm.run())}>
            <ErrorMessage error={confirm.error} />
            <Field
              label="Code affiché par l’application"
              hint="6 chiffres."
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]{6,7}"
              required
              value={code}
              onValue={setCode}
              error={fieldError(confirm.error, "code")}
            />
            <div class="actions">
              <button type="submit" disabled={confirm.busy || !enrolment}>
                Activer
              </button>
            </div>
          </form>
        </li>
      </ol>
    </Page>
  );
}
