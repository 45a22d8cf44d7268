// Forgotten password: asking for a link (always the same answer, so nobody learns which addresses exist), then
// choosing a new password from the link (which ends every session of the person).
import { useState } from "preact/hooks";
import { api } from "../api";
import { ErrorMessage, Field, Page, StatusMessage, fieldError, submit, useAction } from "../components/ui";
import { passwordProblem, PASSWORD_MIN } from "../format";

export function ResetRequest() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState<string | null>(null);
  const { busy, error, run } = useAction(async () => {
    setSent((await api.auth.requestPasswordReset({ email: email.trim() })).message);
  });
  return (
    <Page title="Mot de passe oublié">
      <p>Indiquez l’adresse e-mail de votre compte : si elle est connue, un lien pour choisir un nouveau mot de passe vous est envoyé.</p>
      <form class="formulaire" aria-busy={busy} onSubmit={submit(() => void run())}>
        <ErrorMessage error={error} />
        <StatusMessage text={sent} />
        <Field
          label="Adresse e-mail"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onValue={setEmail}
          error={fieldError(error, "email")}
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            Recevoir le lien
          </button>
        </div>
      </form>
      <p>
        <a href="/connexion">Retour à la connexion</a>
      </p>
    </Page>
  );
}

export function ResetComplete({ params }: { params: Record<string, string> }) {
  const token = params["token"] ?? "";
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const { busy, error, run } = useAction(async () => {
    await api.auth.completePasswordReset({ token, password });
    setDone(true);
  });
  if (done) {
    return (
      <Page title="Mot de passe changé">
        <p role="status">Votre mot de passe a été changé et toutes vos sessions ont été fermées.</p>
        <p>
          <a href="/connexion">Se connecter</a>
        </p>
      </Page>
    );
  }
  return (
    <Page title="Nouveau mot de passe">
      <form
        class="formulaire"
        aria-busy={busy}
        onSubmit={submit(() => {
          const found = passwordProblem(password, confirmation);
          setProblem(found);
          if (!found) void run();
        })}
      >
        <ErrorMessage error={error} />
        <Field
          label="Nouveau mot de passe"
          hint={`Au moins ${PASSWORD_MIN} caractères.`}
          type="password"
          name="password"
          autoComplete="new-password"
          required
          value={password}
          onValue={setPassword}
          error={problem ?? fieldError(error, "password")}
        />
        <Field
          label="Confirmez le nouveau mot de passe"
          type="password"
          name="password-confirmation"
          autoComplete="new-password"
          required
          value={confirmation}
          onValue={setConfirmation}
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            Changer le mot de passe
          </button>
        </div>
      </form>
      <p>
        <a href="/mot-de-passe-oublie">Demander un nouveau lien</a>
      </p>
    </Page>
  );
}
