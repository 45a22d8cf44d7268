// L'équipe (associés): the cabinet's people and pending invitations; invite, change a role, deactivate or
// reactivate (deactivation ends the person's sessions at once).
import { useEffect, useState } from "preact/hooks";
import { ROLES, api, type PendingInvitation, type PersonOut, type Role } from "../api";
import { ErrorMessage, Field, Page, StatusMessage, fieldError, submit, useAction } from "../components/ui";
import { date, ROLE_LABELS } from "../format";
import { session } from "../session";

function RoleSelect({ id, value, onValue, label }: { id: string; value: Role; onValue: (role: Role) => void; label?: string }) {
  return (
    <select id={id} value={value} aria-label={label} onChange={(event) => onValue(event.currentTarget.value as Role)}>
      {ROLES.map((role) => (
        <option key={role} value={role}>
          {ROLE_LABELS[role]}
        </option>
      ))}
    </select>
  );
}

function PersonRow({ person, onChanged }: { person: PersonOut; onChanged: (message: string) => Promise<void> }) {
  const [role, setRole] = useState<Role>(person.role);
  const me = session.value?.person.id === person.id;
  const change = useAction(async () => {
    const saved = await api.people.changeRole(person.id, { role });
    await onChanged(`${saved.name} est maintenant ${ROLE_LABELS[saved.role].toLowerCase()}.`);
  });
  const toggle = useAction(async () => {
    const saved = person.active ? await api.people.deactivate(person.id) : await api.people.reactivate(person.id);
    await onChanged(saved.active ? `${saved.name} est réactivé.` : `${saved.name} est désactivé : ses sessions sont fermées.`);
  });
  return (
    <tr class={person.active ? "" : "inactif"}>
      <td data-titre="Nom">
        {person.name}
        {me ? " (vous)" : ""}
      </td>
      <td data-titre="Adresse e-mail">{person.email}</td>
      <td data-titre="Rôle">
        <form class="en-ligne" onSubmit={submit(() => void change.run())}>
          <RoleSelect id={`role-${person.id}`} label={`Rôle de ${person.name}`} value={role} onValue={setRole} />
          <button type="submit" class="secondaire" disabled={change.busy || role === person.role}>
            Changer<span class="visuellement-cache"> le rôle de {person.name}</span>
          </button>
        </form>
        <ErrorMessage error={change.error} />
      </td>
      <td data-titre="État">{person.active ? "Actif" : "Désactivé"}</td>
      <td data-titre="Double authentification">{person.totp_enabled ? "Activée" : "Non activée"}</td>
      <td>
        <button type="button" class={person.active ? "danger" : "secondaire"} disabled={toggle.busy} onClick={() => void toggle.run()}>
          {person.active ? "Désactiver" : "Réactiver"}
          <span class="visuellement-cache"> {person.name}</span>
        </button>
        <ErrorMessage error={toggle.error} />
      </td>
    </tr>
  );
}

function InviteForm({ onInvited }: { onInvited: (message: string) => Promise<void> }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("avocat");
  const invite = useAction(async () => {
    const sent = await api.people.invite({ email: email.trim(), role });
    setEmail("");
    await onInvited(`Invitation envoyée à ${sent.email}, valable jusqu’au ${date(sent.expires_at)}.`);
  });
  return (
    <form class="formulaire" aria-busy={invite.busy} onSubmit={submit(() => void invite.run())}>
      <ErrorMessage error={invite.error} />
      <Field
        label="Adresse e-mail"
        type="email"
        name="email"
        autoComplete="off"
        required
        value={email}
        onValue={setEmail}
        error={fieldError(invite.error, "email")}
      />
      <div class="champ">
        <label for="role-invitation">Rôle</label>
        <RoleSelect id="role-invitation" value={role} onValue={setRole} />
      </div>
      <div class="actions">
        <button type="submit" disabled={invite.busy}>
          Inviter
        </button>
      </div>
    </form>
  );
}

export function Team() {
  const [people, setPeople] = useState<PersonOut[] | null>(null);
  const [invitations, setInvitations] = useState<PendingInvitation[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const load = useAction(async () => {
    const answer = await api.people.list();
    setPeople(answer.people);
    setInvitations(answer.invitations);
  });
  const revoke = useAction(async (invitation: PendingInvitation) => {
    await api.people.revokeInvitation(invitation.id);
    setStatus(`L’invitation de ${invitation.email} est révoquée.`);
    await load.run();
  });
  const changed = async (message: string) => {
    setStatus(message);
    await load.run();
  };
  useEffect(() => void load.run(), []);
  return (
    <Page title="L’équipe">
      <StatusMessage text={status} />
      <ErrorMessage error={load.error ?? revoke.error} />
      <section aria-labelledby="titre-personnes">
        <h2 id="titre-personnes">Membres du cabinet</h2>
        {people === null ? (
          <p class="chargement">Chargement…</p>
        ) : (
          <div class="defilement" role="region" aria-label="Membres du cabinet" tabIndex={0}>
            <table class="tableau">
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Adresse e-mail</th>
                  <th scope="col">Rôle</th>
                  <th scope="col">État</th>
                  <th scope="col">Double authentification</th>
                  <th scope="col">
                    <span class="visuellement-cache">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {people.map((person) => (
                  <PersonRow key={`${person.id}:${person.role}:${person.active}`} person={person} onChanged={changed} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section aria-labelledby="titre-invitations">
        <h2 id="titre-invitations">Invitations en attente</h2>
        {invitations.length === 0 ? (
          <p>Aucune invitation en attente.</p>
        ) : (
          <ul class="liste">
            {invitations.map((invitation) => (
              <li key={invitation.id}>
                <span>
                  {invitation.email} — {ROLE_LABELS[invitation.role]}, valable jusqu’au {date(invitation.expires_at)}
                </span>
                <button type="button" class="secondaire" disabled={revoke.busy} onClick={() => void revoke.run(invitation)}>
                  Révoquer<span class="visuellement-cache"> l’invitation de {invitation.email}</span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="titre-inviter">
        <h2 id="titre-inviter">Inviter une personne</h2>
        <p>Elle reçoit par e-mail un lien pour choisir son mot de passe et rejoindre le cabinet.</p>
        <InviteForm onInvited={changed} />
      </section>
    </Page>
  );
}
