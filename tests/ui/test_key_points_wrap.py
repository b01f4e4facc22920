"""Key points and bullets wrap with a hanging indent: wrapped lines start under the
text, not under the bullet (the tester saw "• Doctors most often find a blood vessel
pressing on the facial" with "nerve." back at the margin, at 80 columns)."""

from __future__ import annotations

from hfs_tui.content.loader import load_library
from hfs_tui.ui.app import HfsApp
from hfs_tui.ui.screens.section import SectionScreen
from hfs_tui.ui.widgets.sentence_block import SentenceBlock

SECTIONS = sorted(load_library().sections, key=lambda s: s.order)


def number_of(section_id: str) -> int:
    return next(number for number, s in enumerate(SECTIONS, 1) if s.id == section_id)


def drawn_lines(block: SentenceBlock) -> list[str]:
    """The widget's text lines as drawn (inside its border and padding)."""
    return [block.render_line(y).text.rstrip() for y in range(block.size.height)]


def bullet_items(lines: list[str]) -> list[list[str]]:
    """The drawn lines of each bullet item: from its bullet to a blank line or the next."""
    grouped: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if line.startswith("• "):
            current = [line]
            grouped.append(current)
        elif not line.strip():
            current = None
        elif current is not None:
            current.append(line)
    return grouped


def assert_hanging(item: list[str], texts: list[str]) -> None:
    for continuation in item[1:]:
        # Under the first letter after "• ", never back under the bullet.
        assert continuation.startswith("  ") and continuation[2] != " ", item
    joined = " ".join(line.removeprefix("• ").strip() for line in item)
    assert any(joined in text for text in texts), (joined, item)


async def test_key_points_wrap_under_their_text_at_80_columns():
    app = HfsApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_section_number(number_of("causes"))
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen) and app.screen.section.id == "causes"
        block = app.screen.query_one("#key-points", SentenceBlock)
        lines = drawn_lines(block)
        items = bullet_items(lines)
        key_points = list(app.screen.section.key_points)
        assert len(items) == len(key_points), lines
        assert any(len(item) > 1 for item in items), f"nothing wraps, nothing tested: {lines}"
        assert items[0] == [
            "• Doctors most often find a blood vessel pressing on the facial",
            "  nerve.",
        ]
        for item in items:
            assert_hanging(item, key_points)


async def test_body_bullets_wrap_under_their_text_too():
    app = HfsApp()
    async with app.run_test(size=(60, 40)) as pilot:
        app.open_section_number(number_of("surgery"))
        await pilot.pause()
        assert isinstance(app.screen, SectionScreen) and app.screen.section.id == "surgery"
        block = app.screen.query_one("#body", SentenceBlock)
        lines = drawn_lines(block)
        items = bullet_items(lines)
        assert len(items) == 2, lines
        assert any(len(item) > 1 for item in items), f"nothing wraps, nothing tested: {lines}"
        texts = [" ".join(block.sentences) for block in app.screen.section.blocks]
        for item in items:
            assert_hanging(item, texts)


async def test_each_sentence_is_found_on_the_line_it_is_drawn_on():
    """Scrolling to the spoken sentence uses `line_of`; wrapped bullets must not throw it off."""
    app = HfsApp()
    async with app.run_test(size=(60, 40)) as pilot:
        app.open_section_number(number_of("surgery"))
        await pilot.pause()
        block = app.screen.query_one("#body", SentenceBlock)
        lines = drawn_lines(block)
        sentences = [s for b in app.screen.section.blocks for s in b.sentences]
        for index, sentence in enumerate(sentences):
            first_words = " ".join(sentence.split()[:2])
            assert first_words in lines[block.line_of(index)], (index, sentence, lines)
