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


def test_a_deep_link_opens_the_dashboard_through_the_spa_fallback(browser, runtime):
    page = browser.new_page()
    page.goto(runtime.base_url + "/dossiers/2026-0042/courrier")
    assert page.title() == "IA Poste Manager"
    page.close()
