// The fields of a party (role, kind, name, SIREN). Not a <form> of its own: it also sits inside the new dossier
// form, and forms do not nest; its button hands the party over.
import { useId, useState } from "preact/hooks";
import type { ClientKind, NewParty, PartyRole } from "../api_dossiers";
import { KIND_LABELS, PARTY_LABELS } from "../dossier_format";
import { SelectField } from "./dossier_ui";
import { ErrorMessage, Field, fieldError, useAction } from "./ui";

export function partySubject(party: NewParty): { name: string; siren?: string } {
  return party.siren ? { name: party.name, siren: party.siren } : { name: party.name };
}

export function PartyForm({
  onParty,
  submitLabel,
  busy = false,
}: {
  onParty: (party: NewParty) => Promise<void>;
  submitLabel: string;
  busy?: boolean;
}) {
  const id = useId();
  const [role, setRole] = useState<PartyRole>("adverse");
  const [kind, setKind] = useState<ClientKind>("personne_morale");
  const [name, setName] = useState("");
  const [siren, setSiren] = useState("");
  const add = useAction(async () => {
    const party: NewParty = { role, kind, name: name.trim() };
    if (siren.trim()) party.siren = siren.replace(/\s+/g, "");
    await onParty(party);
    setName("");
    setSiren("");
  });
  return (
    <div class="sous-formulaire" id={id}>
      <ErrorMessage error={add.error} />
      <SelectField label="Rôle" name="party_role" value={role} options={Object.entries(PARTY_LABELS) as [PartyRole, string][]} onValue={setRole} />
      <SelectField label="Type" name="party_kind" value={kind} options={Object.entries(KIND_LABELS) as [ClientKind, string][]} onValue={setKind} />
      <Field label="Nom de la partie" name="party_name" autoComplete="off" value={name} onValue={setName} error={fieldError(add.error, "name")} />
      <Field label="SIREN de la partie (facultatif)" name="party_siren" inputMode="numeric" autoComplete="off" value={siren} onValue={setSiren} error={fieldError(add.error, "siren")} />
      <div class="actions">
        <button type="button" class="secondaire" disabled={busy || add.busy || !name.trim()} onClick={() => void add.run()}>
          {submitLabel}
        </button>
      </div>
    </div>
  );
}
