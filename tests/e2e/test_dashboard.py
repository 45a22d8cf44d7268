def test_the_dashboard_shows_the_service_state_in_french(browser, runtime):
    page = browser.new_page()
    page.goto(runtime.base_url + "/")
    page.wait_for_selector("#liaisons:not([hidden])")
    assert page.inner_text("#etat").startswith("Opérationnel (version ")
    rows = page.locator("#liaisons tbody tr").all_inner_texts()
    assert [row.split("\t")[0] for row in rows] == [
        "Base de données", "Sessions", "Documents", "File de tâches", "Courrier entrant",
    ]  # fmt: skip
    assert all(row.endswith("OK") for row in rows)
    page.close()


def test_a_deep_link_opens_the_app_through_the_spa_fallback(browser, runtime):
    # The fallback serves the app (not a server 404); the app's router then says the page does not exist.
    page = browser.new_page()
    response = page.goto(runtime.base_url + "/dossiers/2026-0042/courrier")
    assert response is not None
    assert response.status == 200
    page.wait_for_selector("h1")
    assert page.inner_text("h1") == "Page introuvable"
    assert page.title() == "Page introuvable — IA Poste Manager"
    page.close()
