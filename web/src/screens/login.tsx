// Login: email and password, then the TOTP code when the API asks for it (401 `totp_requis`).
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, api } from "../api";
import { ErrorMessage, Field, Page, submit, useAction } from "../components/ui";
import { currentSearch } from "../router";
import { enter } from "../session";

export function Login() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [askCode, setAskCode] = useState(false);
  const codeStep = useRef<HTMLFieldSetElement>(null);
  const next = new URLSearchParams(currentSearch.value).get("suite");
  const { busy, error, setError, run } = useAction(async () => {
    try {
      const opened = await api.auth.login({ email, password, ...(askCode ? { totp: code.replace(/\s+/g, "") } : {}) });
      enter(opened, next);
    } catch (caught) {
      if (caught instanceof ApiError && caught.code === "totp_requis") {
        setAskCode(true);
        return;
      }
      if (caught instanceof ApiError && caught.code === "identifiants") setAskCode(false);
      throw caught;
    }
  });
  useEffect(() => {
    if (askCode) codeStep.current?.querySelector("input")?.focus();
  }, [askCode]);
  return (
    <Page title="Connexion">
      <form class="formulaire" onSubmit={submit(() => void run())} aria-busy={busy}>
        <ErrorMessage error={error} />
        <Field
          label="Adresse e-mail"
          type="email"
          name="email"
          autoComplete="username"
          required
          value={email}
          onValue={(value) => {
            setEmail(value);
            setAskCode(false);
          }}
          readOnly={askCode}
        />
        <Field
          label="Mot de passe"
          type="password"
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onValue={setPassword}
          readOnly={askCode}
        />
        {askCode ? (
          <fieldset ref={codeStep} class="etape">
            <legend>Double authentification</legend>
            <Field
              label="Code de vérification"
              hint="Les 6 chiffres affichés par votre application d’authentification, ou l’un de vos codes de secours."
              name="totp"
              inputMode="text"
              autoComplete="one-time-code"
              required
              value={code}
              onValue={setCode}
            />
          </fieldset>
        ) : null}
        <div class="actions">
          <button type="submit" disabled={busy}>
            {askCode ? "Valider le code" : "Se connecter"}
          </button>
          {askCode ? (
            <button
              type="button"
              class="secondaire"
              onClick={() => {
                setAskCode(false);
                setCode("");
                setError(null);
              }}
            >
              Changer d’identifiants
            </button>
          ) : null}
        </div>
      </form>
      <p>
        <a href="/mot-de-passe-oublie">Mot de passe oublié ?</a>
      </p>
    </Page>
  );
}
