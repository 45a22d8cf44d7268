// Accepting an invitation (the link mailed to the person): their name and a password, then they are logged in.
import { useEffect, useState } from "preact/hooks";
import { api, type InvitationOut } from "../api";
import { ErrorMessage, Field, Page, fieldError, submit, useAction } from "../components/ui";
import { date, passwordProblem, PASSWORD_MIN, ROLE_LABELS } from "../format";
import { enter } from "../session";

export function Invitation({ params }: { params: Record<string, string> }) {
  const token = params["token"] ?? "";
  const [invitation, setInvitation] = useState<InvitationOut | null>(null);
  const [invalid, setInvalid] = useState<unknown>(null);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    api.invitations.get(token).then(setInvitation, setInvalid);
  }, [token]);
  const { busy, error, run } = useAction(async () => {
    enter(await api.invitations.accept(token, { name: name.trim(), password }));
  });
  if (invalid) {
    return (
      <Page title="Invitation">
        <ErrorMessage error={invalid} />
        <p>Demandez à un associé du cabinet de vous inviter à nouveau.</p>
        <p>
          <a href="/connexion">Aller à la connexion</a>
        </p>
      </Page>
    );
  }
  if (!invitation) {
    return (
      <Page title="Invitation">
        <p class="chargement">Chargement de l’invitation…</p>
      </Page>
    );
  }
  return (
    <Page title="Rejoindre le cabinet">
      <p>
        Vous êtes invité à rejoindre <strong>{invitation.cabinet_name}</strong> en tant que{" "}
        <strong>{ROLE_LABELS[invitation.role]}</strong>, avec l’adresse <strong>{invitation.email}</strong>. Cette
        invitation est valable jusqu’au {date(invitation.expires_at)}.
      </p>
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
        <input type="hidden" name="username" autoComplete="username" value={invitation.email} />
        <Field
          label="Votre nom"
          name="name"
          autoComplete="name"
          required
          value={name}
          onValue={setName}
          error={fieldError(error, "name")}
        />
        <Field
          label="Mot de passe"
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
          label="Confirmez le mot de passe"
          type="password"
          name="password-confirmation"
          autoComplete="new-password"
          required
          value={confirmation}
          onValue={setConfirmation}
        />
        <div class="actions">
          <button type="submit" disabled={busy}>
            Rejoindre le cabinet
          </button>
        </div>
      </form>
    </Page>
  );
}
