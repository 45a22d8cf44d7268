// Sections of a dossier's page: its clients, its parties (added with the conflict check), its court references.
import { useState } from "preact/hooks";
import {
  conflictsOf,
  dossierApi,
  type ConflictMatch,
  type DossierOut,
  type NewParty,
  type ReferenceKind,
} from "../api_dossiers";
import { ClientPicker, ConflictReview, SelectField } from "../components/dossier_ui";
import { PartyForm } from "../components/party_form";
import { ErrorMessage, Field, fieldError, submit, useAction } from "../components/ui";
import { KIND_LABELS, PARTY_LABELS, REFERENCE_HINTS, REFERENCE_LABELS } from "../dossier_format";

interface SectionProps {
  dossier: DossierOut;
  manage: boolean;
  onChanged: (message: string, dossier?: DossierOut) => Promise<void>;
}

export function ClientsSection({ dossier, manage, onChanged }: SectionProps) {
  const remove = useAction(async (clientId: string, name: string) => {
    await onChanged(`${name} n’est plus client de ce dossier.`, await dossierApi.dossiers.removeClient(dossier.id, clientId));
  });
  const add = useAction(async (clientId: string, name: string) => {
    await onChanged(`${name} est ajouté aux clients du dossier.`, await dossierApi.dossiers.addClient(dossier.id, clientId));
  });
  return (
    <section aria-labelledby="titre-clients">
      <h2 id="titre-clients">Clients</h2>
      <ErrorMessage error={remove.error ?? add.error} />
      <ul class="liste">
        {dossier.clients.map((client) => (
          <li key={client.id}>
            <a href={`/clients/${encodeURIComponent(client.id)}`}>{client.display_name}</a>
            {manage && dossier.clients.length > 1 ? (
              <button type="button" class="secondaire" disabled={remove.busy} onClick={() => void remove.run(client.id, client.display_name)}>
                Retirer<span class="visuellement-cache"> {client.display_name} des clients</span>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {manage ? (
        <ClientPicker
          label="Ajouter un client au dossier"
          exclude={dossier.clients.map((client) => client.id)}
          onPick={(client) => void add.run(client.id, client.display_name)}
        />
      ) : null}
    </section>
  );
}

export function PartiesSection({ dossier, manage, onChanged }: SectionProps) {
  const [pending, setPending] = useState<{ party: NewParty; conflicts: ConflictMatch[] } | null>(null);
  const [confirmed, setConfirmed] = useState(false);
  const send = async (party: NewParty, acknowledge: boolean) => {
    try {
      await dossierApi.dossiers.addParty(dossier.id, { ...party, acknowledge_conflicts: acknowledge });
    } catch (error) {
      const conflicts = conflictsOf(error);
      if (conflicts === null) throw error;
      setPending({ party, conflicts });
      setConfirmed(false);
      return;
    }
    setPending(null);
    await onChanged(`${party.name} est ajouté aux parties.`);
  };
  const confirm = useAction(async () => {
    if (pending) await send(pending.party, true);
  });
  const remove = useAction(async (partyId: string, name: string) => {
    await dossierApi.dossiers.removeParty(dossier.id, partyId);
    await onChanged(`${name} est retiré des parties.`);
  });
  return (
    <section aria-labelledby="titre-parties">
      <h2 id="titre-parties">Parties</h2>
      <ErrorMessage error={remove.error} />
      {dossier.parties.length === 0 ? <p>Aucune partie.</p> : null}
      <ul class="liste">
        {dossier.parties.map((party) => (
          <li key={party.id}>
            <span>
              <strong>{party.name}</strong> — {PARTY_LABELS[party.role]}, {KIND_LABELS[party.kind].toLowerCase()}
              {party.siren ? `, SIREN ${party.siren}` : ""}
            </span>
            {manage ? (
              <button type="button" class="secondaire" disabled={remove.busy} onClick={() => void remove.run(party.id, party.name)}>
                Retirer<span class="visuellement-cache"> {party.name} des parties</span>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {manage ? (
        <>
          <h3>Ajouter une partie</h3>
          <PartyForm submitLabel="Ajouter la partie" onParty={(party) => send(party, false)} />
          {pending ? (
            <div class="formulaire">
              <ErrorMessage error={confirm.error} />
              <ConflictReview conflicts={pending.conflicts} confirmed={confirmed} onConfirmed={setConfirmed} />
              <div class="actions">
                <button type="button" disabled={!confirmed || confirm.busy} onClick={() => void confirm.run()}>
                  Ajouter {pending.party.name} malgré ces correspondances
                </button>
                <button type="button" class="secondaire" onClick={() => setPending(null)}>
                  Renoncer
                </button>
              </div>
            </div>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

export function ReferencesSection({ dossier, manage, onChanged }: SectionProps) {
  const [kind, setKind] = useState<ReferenceKind>("rg");
  const [value, setValue] = useState("");
  const [court, setCourt] = useState("");
  const add = useAction(async () => {
    const body = court.trim() ? { kind, value: value.trim(), court: court.trim() } : { kind, value: value.trim() };
    const saved = await dossierApi.dossiers.addReference(dossier.id, body);
    setValue("");
    setCourt("");
    await onChanged(`Référence ${saved.value} ajoutée.`);
  });
  const remove = useAction(async (referenceId: string, shown: string) => {
    await dossierApi.dossiers.removeReference(dossier.id, referenceId);
    await onChanged(`Référence ${shown} retirée.`);
  });
  return (
    <section aria-labelledby="titre-references">
      <h2 id="titre-references">Références de procédure</h2>
      <ErrorMessage error={remove.error} />
      {dossier.court_references.length === 0 ? <p>Aucune référence.</p> : null}
      <ul class="liste">
        {dossier.court_references.map((reference) => (
          <li key={reference.id}>
            <span>
              {REFERENCE_LABELS[reference.kind]} : <strong>{reference.value}</strong>
              {reference.court ? ` (${reference.court})` : ""}
            </span>
            {manage ? (
              <button type="button" class="secondaire" disabled={remove.busy} onClick={() => void remove.run(reference.id, reference.value)}>
                Retirer<span class="visuellement-cache"> la référence {reference.value}</span>
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {manage ? (
        <form class="formulaire" aria-label="Ajouter une référence" onSubmit={submit(() => void add.run())}>
          <ErrorMessage error={fieldError(add.error, "value") ? null : add.error} />
          <SelectField label="Type de référence" name="reference_kind" value={kind} options={Object.entries(REFERENCE_LABELS) as [ReferenceKind, string][]} onValue={setKind} />
          <Field label="Numéro" hint={REFERENCE_HINTS[kind]} name="reference_value" required autoComplete="off" value={value} onValue={setValue} error={fieldError(add.error, "value")} />
          <Field label="Juridiction (facultative)" name="reference_court" autoComplete="off" value={court} onValue={setCourt} error={fieldError(add.error, "court")} />
          <div class="actions">
            <button type="submit" class="secondaire" disabled={add.busy}>
              Ajouter la référence
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
