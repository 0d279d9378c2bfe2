"""Procedural scenes, their captions in English and French, and the scene checker on fresh renders."""

import random
import time

import pytest
import torch

from genkit import scene_check, scenes
from genkit.scenes import Obj, Scene


pytestmark = pytest.mark.usefixtures("one_thread")  # see conftest.py


def test_seeded_scenes_are_deterministic():
    x1, c1, _ = scenes.batch(32, random.Random(7))
    x2, c2, _ = scenes.batch(32, random.Random(7))
    x3, _, _ = scenes.batch(32, random.Random(8))
    assert torch.equal(x1, x2) and c1 == c2
    assert not torch.equal(x1, x3)
    assert x1.shape == (32, 3, 32, 32) and x1.min() >= 0 and x1.max() <= 1


def test_render_is_fast():
    specs = scenes.sample(256, random.Random(0))
    t0 = time.perf_counter()
    scenes.render(specs)
    assert time.perf_counter() - t0 < 0.5


def test_every_kind_has_objects_on_black():
    for kind in scenes.KINDS:
        specs = scenes.sample(20, random.Random(1), kinds=(kind,))
        x = scenes.render(specs)
        lit = (x.max(1).values > 0).flatten(1).float().mean(1)  # share of coloured pixels
        assert (lit > 0.02).all() and (lit < 0.5).all()


@pytest.mark.parametrize("spec, en, fr", [
    (Scene("single", [Obj("circle", "red", "large", 8, 16, "left")]), "a large red circle on the left",
     "un grand cercle rouge à gauche"),
    (Scene("single", [Obj("cross", "green", "small", 16, 24, "bottom")]), "a small green cross at the bottom",
     "une petite croix verte en bas"),
    (Scene("single", [Obj("square", "white", "large", 16, 16, "centre")]), "a large white square in the centre",
     "un grand carré blanc au centre"),
    (Scene("relation", [Obj("circle", "red", "small", 9, 16), Obj("square", "blue", "small", 23, 16)], "left of"),
     "a red circle left of a blue square", "un cercle rouge à gauche d'un carré bleu"),
    (Scene("relation", [Obj("diamond", "yellow", "small", 16, 9), Obj("cross", "purple", "small", 16, 23)], "above"),
     "a yellow diamond above a purple cross", "un losange jaune au-dessus d'une croix violette"),
    (Scene("relation", [Obj("cross", "white", "small", 16, 23), Obj("triangle", "blue", "small", 16, 9)], "below"),
     "a white cross below a blue triangle", "une croix blanche au-dessous d'un triangle bleu"),
    (Scene("count", [Obj("triangle", "green", "small", 9, 16), Obj("triangle", "green", "small", 23, 16)]),
     "two green triangles", "deux triangles verts"),
    (Scene("count", [Obj("cross", "purple", "small", 9, 16), Obj("cross", "purple", "small", 23, 16)]),
     "two purple crosses", "deux croix violettes"),
])
def test_canonical_captions_agree_in_gender_and_number(spec, en, fr):
    assert scenes.caption(spec, "en") == en
    assert scenes.caption(spec, "fr") == fr


def test_digit_captions():
    assert scenes.digit_caption("mnist", 7, "en") == "a handwritten seven"
    assert scenes.digit_caption("mnist", 7, "fr") == "un sept manuscrit"
    assert scenes.digit_caption("fashion", 7, "en") == "a sneaker"
    assert scenes.digit_caption("fashion", 7, "fr") == "une basket"
    assert scenes.digit_caption("fashion", 9, "en") == "an ankle boot"
    assert scenes.digit_caption("fashion", 4, "fr") == "un manteau"


def test_bad_caption_language_raises():
    spec = scenes.sample(1, random.Random(0))[0]
    with pytest.raises(ValueError, match="lang"):
        scenes.caption(spec, "de")


def test_checker_on_fresh_renders():
    # measured when written (n = 300 of each kind, seed 1): 1.0 on every attribute and every match rate
    acc = scene_check.accuracy(n=150, seed=3)
    assert min(acc.values()) >= 0.97, acc


def test_checker_rejects_wrong_scenes():
    spec = Scene("single", [Obj("circle", "red", "large", 8, 16, "left")])
    image = scenes.render([spec])[0]
    assert scene_check.match(spec, image)
    for wrong in (Obj("circle", "blue", "large", 8, 16, "left"), Obj("square", "red", "large", 8, 16, "left"),
                  Obj("circle", "red", "large", 8, 16, "right")):
        assert not scene_check.match(Scene("single", [wrong]), image)
    assert not scene_check.match(spec, torch.zeros(3, 32, 32))  # nothing drawn
    pair = Scene("relation", [Obj("circle", "red", "small", 9, 16), Obj("square", "blue", "small", 23, 16)], "left of")
    image = scenes.render([pair])[0]
    assert scene_check.match(pair, image)
    assert not scene_check.match(Scene("relation", pair.objects, "right of"), image)
    assert not scene_check.match(Scene("count", [pair.objects[0]] * 2), image)


def test_every_caption_is_in_the_vocabulary_and_parses_back():
    from genkit.text import Tokenizer

    tok = Tokenizer.build(scenes.vocabulary())
    for spec in scenes.sample(300, random.Random(4)):
        for lang in ("en", "fr"):
            for text in scenes.captions(spec, lang):
                assert tok.encode(text)[1] == [], text
                back = scenes.parse(text.upper() + " !")
                assert back is not None and back.kind == spec.kind and back.relation == spec.relation, text
                assert [(o.shape, o.colour) for o in back.objects] == [(o.shape, o.colour) for o in spec.objects]
    assert scenes.parse("a red zebra") is None and scenes.parse("") is None
    assert scenes.parse("un cercle rouge à gauche").objects[0].position == "left"


def test_shifted_moves_a_scene_as_a_whole_and_keeps_what_its_caption_says():
    import random as _random

    from genkit.scene_check import describe, match

    for s in scenes.sample(60, _random.Random(4)):
        moved = scenes.shifted(s, 2.0, -2.0)
        assert all(abs(a.x - b.x - 2.0) < 1e-9 and abs(a.y - b.y + 2.0) < 1e-9 for a, b in zip(moved.objects, s.objects))
        assert scenes.captions(moved, "en") == scenes.captions(s, "en")
        assert match(moved, scenes.render([moved])[0]) == match(s, scenes.render([s])[0])
        found, before = describe(scenes.render([moved])[0]), describe(scenes.render([s])[0])
        assert abs(sum(f.x for f in found) - sum(f.x for f in before) - 2.0 * len(found)) < 0.6 * len(found)
