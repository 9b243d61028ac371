"""语音播放 on article pages, in headless Chromium over the built fixture site.

Chromium here has no voice at all (no speech engine): the control must stay out of sight
and out of the accessibility tree. The reading itself cannot run without a voice, so the other tests
put a recording stand-in for `speechSynthesis` in the page before its scripts run (a
Chinese voice that arrives late, as real ones do) and check what the page asks of it:
the headline and every body paragraph in order, in zh-CN, paused and resumed, stopped
when the reader leaves."""

from __future__ import annotations

import re

import pytest

from a11y import AXE_TAGS, SCHEMES, VIEWPORTS, axe_script
from browser import chromium_available, deployed_headers, serve_folder
from sitegen.config import load_config
from sitegen.site.build import BuildOptions, build_site
from test_site_browser import FIXTURE

pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(not chromium_available(), reason="Debian's chromium is not installed")

ARTICLE = "/2018-07-05/01/01/"  # long paragraphs and two 小标题 (h2)
LONGEST = 80  # listen.js: characters an utterance, unless one sentence is longer

# Records what the page asks of speech synthesis; the test ends utterances (`__finish`).
# A zh-CN voice is listed 300 ms after the page starts, announced by voiceschanged.
STAND_IN = """
(() => {
  const spoken = window.__spoken = [], calls = window.__calls = [];
  const voices = [{name: "stand-in", lang: "zh-CN", localService: true, default: false, voiceURI: "stand-in"}];
  const synth = new EventTarget();
  let listed = [];
  synth.getVoices = () => listed.slice();
  synth.speak = (u) => { spoken.push({text: u.text, lang: u.lang, voice: u.voice && u.voice.name}); synth.current = u; };
  synth.pause = () => calls.push("pause");
  synth.resume = () => calls.push("resume");
  synth.cancel = () => {
    calls.push("cancel");
    sessionStorage.setItem("cancels", String(Number(sessionStorage.getItem("cancels") || 0) + 1));
    synth.current = null;
  };
  window.__finish = () => { const u = synth.current; synth.current = null; if (u && u.onend) u.onend({}); return !!u; };
  class Utterance { constructor(text) { this.text = text; this.lang = ""; this.voice = null; } }
  Object.defineProperty(window, "speechSynthesis", {value: synth, configurable: true});
  window.SpeechSynthesisUtterance = Utterance;
  setTimeout(() => { listed = voices; synth.dispatchEvent(new Event("voiceschanged")); }, 300);
})();
"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("listen") / "public"
    build_site(load_config(FIXTURE), BuildOptions(out_dir=out, ingest=False, search=False))
    with serve_folder(out, deployed_headers()) as url:
        yield url


def _page(chromium, stand_in: bool, **options):
    context = chromium.new_context(**options)
    if stand_in:
        context.add_init_script(STAND_IN)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    return context, page, errors


def test_the_control_shows_only_with_a_chinese_voice(chromium, base_url):
    context, page, errors = _page(chromium, stand_in=False)
    page.goto(base_url + ARTICLE)
    voices = page.evaluate("""() => new Promise(done => {
        const langs = () => speechSynthesis.getVoices().map(v => v.lang);
        speechSynthesis.addEventListener("voiceschanged", () => done(langs()));
        setTimeout(() => done(langs()), 1500);
    })""")
    assert page.locator("[data-listen]").count() == 1  # the markup is there
    if any(re.match(r"(zh|cmn|yue)([-_]|$)", lang, re.I) for lang in voices):  # a machine with a speech engine
        page.get_by_role("button", name="朗读全文").wait_for()
    else:  # kept out of sight and out of the accessibility tree
        assert page.get_by_role("button", name="朗读全文").count() == 0
        assert "朗读" not in page.locator("main").aria_snapshot()
    assert errors == []
    context.close()


def _utterances_by_paragraph(spoken: list[str], paragraphs: list[str]) -> list[list[str]]:
    """The utterances cut into runs that make up each paragraph, in order; fails if one
    spans two paragraphs or the text differs."""
    runs, rest = [], list(spoken)
    for paragraph in paragraphs:
        run, joined = [], ""
        while rest and len(joined) < len(paragraph):
            run.append(rest.pop(0))
            joined += run[-1]
        assert joined == paragraph, (joined, paragraph)
        runs.append(run)
    assert rest == []
    return runs


def test_reads_the_headline_then_each_paragraph_in_chinese(chromium, base_url):
    context, page, errors = _page(chromium, stand_in=True, viewport={"width": 375, "height": 812})
    page.goto(base_url + ARTICLE)
    play = page.get_by_role("button", name="朗读全文")
    play.wait_for()  # shown once the late voice is listed
    assert play.bounding_box()["height"] >= 44
    assert page.get_by_role("button", name="停止").count() == 0

    play.click()
    pause = page.get_by_role("button", name="暂停朗读")
    assert pause.is_visible() and page.get_by_role("button", name="停止").is_visible()
    pause.click()
    resume = page.get_by_role("button", name="继续朗读")
    assert resume.is_visible()
    resume.click()
    assert page.get_by_role("button", name="暂停朗读").is_visible()
    assert page.evaluate("window.__calls.filter(c => c !== 'cancel')") == ["pause", "resume"]

    while page.evaluate("window.__finish()"):
        pass
    spoken = page.evaluate("window.__spoken")
    headline = " ".join(page.locator(".headline").inner_text().split())
    blocks = [" ".join(t.split()) for t in page.locator(".story-body").locator("p, h2").all_inner_texts()]
    assert len(blocks) > 5 and max(len(b) for b in blocks) > LONGEST  # some paragraphs must be cut
    assert {(s["lang"], s["voice"]) for s in spoken} == {("zh-CN", "stand-in")}
    runs = _utterances_by_paragraph([s["text"] for s in spoken], [headline] + blocks)
    assert runs[0] == [headline]
    sentence_end = re.compile(r"[。！？!?][”’」』）)]*")
    for run in runs:  # a long paragraph is cut at sentence ends into pieces of LONGEST at most
        for piece in run:  # (or one sentence that is longer on its own)
            inside = re.sub(r"[。！？!?][”’」』）)]*$", "", piece)
            assert len(piece) <= LONGEST or not sentence_end.search(inside), piece
        assert all(re.search(r"[。！？!?][”’」』）)]*$", piece) for piece in run[:-1]), run
    assert any(len(run) > 1 for run in runs)
    assert page.get_by_role("button", name="朗读全文").is_visible()  # done: back to the start
    assert page.get_by_role("button", name="停止").count() == 0
    assert errors == []
    context.close()


def test_stop_and_leaving_the_page_end_the_reading(chromium, base_url):
    context, page, errors = _page(chromium, stand_in=True)
    page.goto(base_url + ARTICLE)
    page.get_by_role("button", name="朗读全文").click()
    page.get_by_role("button", name="停止").click()
    assert page.get_by_role("button", name="朗读全文").is_visible()
    assert page.evaluate("window.__finish()") is False  # nothing left speaking
    assert len(page.evaluate("window.__spoken")) == 1

    page.get_by_role("button", name="朗读全文").click()
    before = int(page.evaluate("sessionStorage.getItem('cancels')"))
    page.get_by_role("link", name=re.compile("下一篇")).click()
    page.wait_for_url(re.compile(r"/2018-07-05/01/02/$"))
    assert int(page.evaluate("sessionStorage.getItem('cancels')")) == before + 1
    assert errors == []
    context.close()


@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
@pytest.mark.parametrize("scheme", SCHEMES)
def test_axe_reports_nothing_with_the_control_shown(chromium, base_url, viewport, scheme):
    width, height = VIEWPORTS[viewport]
    context, page, errors = _page(chromium, stand_in=True, viewport={"width": width, "height": height}, color_scheme=scheme)
    page.goto(base_url + ARTICLE)
    page.get_by_role("button", name="朗读全文").click()  # playing: 暂停朗读 and 停止 shown
    page.get_by_role("button", name="停止").wait_for()
    page.evaluate(axe_script())
    found = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
                          ".then(r => r.violations.map(v => [v.id, v.nodes.map(n => n.target)]))", AXE_TAGS)
    assert found == []
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    assert errors == []
    context.close()
