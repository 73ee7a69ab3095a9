import pytest


@pytest.mark.browser
def test_home_page_opens(browser, served_site):
    page = browser.new_page()
    page.goto(served_site)
    assert page.locator("html").get_attribute("lang") == "ro"
    page.close()
