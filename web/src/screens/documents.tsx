// A dossier's documents: upload with a progress bar (the file is the raw body, its name in X-File-Name), the list
// (version, size, type, text status), download, preview (images in the page; PDF in a tab of its own, see
// docs/webapp.md) and deletion for those who may.
import { useEffect, useId, useRef, useState } from "preact/hooks";
import { contentUrl, dossierApi, upload, type DocumentOut } from "../api_dossiers";
import { ErrorMessage, Field, StatusMessage, submit, useAction } from "../components/ui";
import { fileSize, previewKind, TEXT_STATUS_LABELS } from "../dossier_format";
import { dateTime } from "../format";
import { can } from "../session";

const mayUpload = can("document.upload");
const mayDelete = can("document.delete");

function UploadForm({ dossierId, onUploaded }: { dossierId: string; onUploaded: (document: DocumentOut) => Promise<void> }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [title, setTitle] = useState("");
  const [tags, setTags] = useState("");
  const [progress, setProgress] = useState<{ sent: number; total: number } | null>(null);
  const send = useAction(async () => {
    const file = input.current?.files?.[0];
    if (!file) return;
    setProgress({ sent: 0, total: file.size });
    try {
      const saved = await upload(dossierApi.dossiers.uploadPath(dossierId), {
        file,
        fileName: file.name,
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(tags.trim() ? { tags: tags.trim() } : {}),
        onProgress: (sent, total) => setProgress({ sent, total }),
      });
      if (input.current) input.current.value = "";
      setTitle("");
      setTags("");
      await onUploaded(saved);
    } finally {
      setProgress(null);
    }
  });
  const percent = progress && progress.total > 0 ? Math.round((progress.sent / progress.total) * 100) : 0;
  return (
    <form class="formulaire" aria-label="Ajouter un document" aria-busy={send.busy} onSubmit={submit(() => void send.run())}>
      <ErrorMessage error={send.error} />
      <div class="champ">
        <label for={`${id}-fichier`}>Fichier</label>
        <p class="aide" id={`${id}-aide`}>
          PDF, image, texte, document Word ou OpenOffice, e-mail, audio ; 50 Mo au plus.
        </p>
        <input type="file" id={`${id}-fichier`} name="file" ref={input} required aria-describedby={`${id}-aide`} />
      </div>
      <Field label="Titre (facultatif)" name="title" autoComplete="off" value={title} onValue={setTitle} />
      <Field label="Étiquettes (facultatives)" hint="Séparées par des virgules" name="tags" autoComplete="off" value={tags} onValue={setTags} />
      {progress ? (
        <div class="champ">
          <label for={`${id}-progression`}>Envoi en cours : {percent} %</label>
          <progress id={`${id}-progression`} max={100} value={percent}>
            {percent} %
          </progress>
        </div>
      ) : null}
      <div class="actions">
        <button type="submit" disabled={send.busy}>
          Envoyer le document
        </button>
      </div>
    </form>
  );
}

function Preview({ document, onClose }: { document: DocumentOut; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [document.id]);
  return (
    <section class="apercu" aria-labelledby="titre-apercu">
      <h3 id="titre-apercu" ref={heading} tabIndex={-1}>
        Aperçu : {document.title}
      </h3>
      <img src={contentUrl(document.id, true)} alt={`Aperçu de ${document.title}`} />
      <div class="actions">
        <button type="button" class="secondaire" onClick={onClose}>
          Fermer l’aperçu
        </button>
      </div>
    </section>
  );
}

function DocumentRow({ document, onPreview, onDelete, deleting }: {
  document: DocumentOut;
  onPreview: () => void;
  onDelete: () => void;
  deleting: boolean;
}) {
  const kind = previewKind(document.content_type);
  return (
    <tr id={`document-${document.id}`}>
      <td data-titre="Document">
        {document.title}
        {document.title !== document.file_name ? <span class="discret"> ({document.file_name})</span> : null}
        {document.tags.length > 0 ? <span class="discret"> — {document.tags.join(", ")}</span> : null}
      </td>
      <td data-titre="Version">v{document.current_version}</td>
      <td data-titre="Taille">{fileSize(document.size)}</td>
      <td data-titre="Type">{document.content_type}</td>
      <td data-titre="Texte">{TEXT_STATUS_LABELS[document.text_status]}</td>
      <td data-titre="Ajouté le">{dateTime(document.created_at)}</td>
      <td>
        <div class="en-ligne">
          <a class="bouton secondaire" href={contentUrl(document.id)} download={document.file_name}>
            Télécharger<span class="visuellement-cache"> {document.title}</span>
          </a>
          {kind === "image" ? (
            <button type="button" class="secondaire" onClick={onPreview}>
              Aperçu<span class="visuellement-cache"> de {document.title}</span>
            </button>
          ) : kind === "pdf" ? (
            <a class="bouton secondaire" href={contentUrl(document.id, true)} target="_blank" rel="noopener">
              Aperçu<span class="visuellement-cache"> de {document.title} (nouvel onglet)</span>
            </a>
          ) : null}
          {mayDelete.value ? (
            <button type="button" class="danger" disabled={deleting} onClick={onDelete}>
              Supprimer<span class="visuellement-cache"> {document.title}</span>
            </button>
          ) : null}
        </div>
      </td>
    </tr>
  );
}

export function DocumentsSection({ dossierId }: { dossierId: string }) {
  const [documents, setDocuments] = useState<DocumentOut[] | null>(null);
  const [previewed, setPreviewed] = useState<DocumentOut | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const load = useAction(async () => setDocuments((await dossierApi.dossiers.documents(dossierId)).items));
  const remove = useAction(async (document: DocumentOut) => {
    if (!window.confirm(`Supprimer le document « ${document.title} » ?`)) return;
    await dossierApi.documents.remove(document.id);
    if (previewed?.id === document.id) setPreviewed(null);
    setStatus(`Le document « ${document.title} » est supprimé.`);
    await load.run();
  });
  useEffect(() => void load.run(), [dossierId]);
  const uploaded = async (document: DocumentOut) => {
    setStatus(`Document « ${document.title} » ajouté (${fileSize(document.size)}).`);
    await load.run();
  };
  return (
    <section aria-labelledby="titre-documents">
      <h2 id="titre-documents">Documents</h2>
      <StatusMessage text={status} />
      <ErrorMessage error={load.error ?? remove.error} />
      {documents === null ? (
        <p class="chargement">Chargement…</p>
      ) : documents.length === 0 ? (
        <p>Aucun document.</p>
      ) : (
        <div class="defilement" role="region" aria-label="Documents du dossier" tabIndex={0}>
          <table class="tableau">
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Version</th>
                <th scope="col">Taille</th>
                <th scope="col">Type</th>
                <th scope="col">Texte</th>
                <th scope="col">Ajouté le</th>
                <th scope="col">
                  <span class="visuellement-cache">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {documents.map((document) => (
                <DocumentRow
                  key={document.id}
                  document={document}
                  deleting={remove.busy}
                  onPreview={() => setPreviewed(document)}
                  onDelete={() => void remove.run(document)}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {previewed ? <Preview document={previewed} onClose={() => setPreviewed(null)} /> : null}
      {mayUpload.value ? (
        <>
          <h3>Ajouter un document</h3>
          <UploadForm dossierId={dossierId} onUploaded={uploaded} />
        </>
      ) : null}
    </section>
  );
}
