"""Rich text (gorilla/richtext.py and the editor's preview): Markdown becomes safe HTML; raw
HTML, scripts and javascript: links never reach a page."""

from gorilla.richtext import render


def test_markdown_becomes_headings_emphasis_lists_and_links():
    html = render("## Leistungen\n\n**Fett** und _kursiv_\n\n- eins\n- zwei\n\n[Web](https://a.de)")
    assert "<h2>Leistungen</h2>" in html
    assert "<strong>Fett</strong>" in html and "<em>kursiv</em>" in html
    assert "<li>eins</li>" in html
    assert '<a href="https://a.de" rel="noopener noreferrer">Web</a>' in html


def test_raw_html_scripts_and_javascript_links_are_dropped():
    html = render(
        "<script>alert(1)</script><img src=x onerror=alert(1)>\n\n"
        "[klick](javascript:alert(1)) <b onclick=x>b</b>"
    )
    assert "<script" not in html and "<img" not in html and "<b " not in html
    assert "&lt;script&gt;" in html  # shown as the text it is
    assert "href" not in html


def test_staff_preview_renders_what_the_page_will_show(staff_client):
    token = staff_client.csrf("/admin/customers/new")
    response = staff_client.post(
        "/admin/editor/preview",
        data={"text": "**Angebot** <script>x</script>"},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<strong>Angebot</strong>" in body and "<script" not in body


def test_preview_needs_csrf_and_staff(client, staff_client):
    refused = staff_client.post("/admin/editor/preview", data={"text": "x"})
    assert refused.status_code == 400
    anonymous = client.post("/admin/editor/preview", data={"text": "x"})
    assert anonymous.status_code in (302, 400)
