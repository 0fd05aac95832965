from plainheal.read.body import BodyObservation, might_hold_observations, scan_body


def pairs(body: str) -> list[tuple[str, str]]:
    return [(o.key, o.value) for o in scan_body(body)]


def test_tags_and_fields_in_prose() -> None:
    body = (
        "Today #transparency/proactive and #journal.\n"
        "\n"
        "empathy:: hollow\n"
        "He tried [repair:: attempted] and (boundaries:: respected).\n"
    )
    assert pairs(body) == [
        ("transparency", "proactive"),
        ("empathy", "hollow"),
        ("repair", "attempted"),
        ("boundaries", "respected"),
    ]


def test_lines_are_counted_from_the_body_start() -> None:
    found = scan_body("a\n\nb\n\n#empathy/connected\n")
    assert found == [BodyObservation("empathy", "connected", 5, tag=True)]


def test_code_html_and_escapes_never_count() -> None:
    body = (
        "```\n#boundaries/crossed\nempathy:: dismissive\n```\n\n"
        "    #boundaries/crossed\n\n"
        "Inline `#boundaries/crossed` and `empathy:: dismissive`.\n\n"
        "<div>#boundaries/crossed</div>\n\n"
        "Escaped \\#boundaries/crossed.\n\n"
        "A url http://example.org/#boundaries/crossed\n"
    )
    assert pairs(body) == []


def test_heading_is_not_a_tag_but_a_tag_in_a_heading_is() -> None:
    assert pairs("# transparency/proactive\n\n## Day #empathy/connected\n") == [
        ("empathy", "connected")
    ]


def test_cheap_scan_skips_plain_prose() -> None:
    assert not might_hold_observations("We talked. It was hard. # Heading\n")
    assert might_hold_observations("x #a/b")
    assert might_hold_observations("k:: v")


def test_checklist_field_keeps_its_list() -> None:
    assert pairs("needs_met:: validation, patience\n") == [("needs_met", "validation, patience")]
