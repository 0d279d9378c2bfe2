"""Procedural scenes: coloured shapes on black, rendered on the fly, with English and French captions.

References: Johnson et al. (2017), "CLEVR: a diagnostic dataset for compositional
language and elementary visual reasoning" (scenes generated from a symbolic spec,
the caption written from the same spec); Saharia et al. (2022), "Imagen", sec. 4.4
and DrawBench (counting and spatial relations are where text-to-image models fail).

A scene is a `Scene` spec: one or two `Obj` (shape, colour, size, centre) and its
kind, which decides the caption:

    single    "a large red circle on the left"       "un grand cercle rouge à gauche"
    relation  "a red circle left of a blue square"   "un cercle rouge à gauche d'un carré bleu"
    count     "two green triangles"                  "deux triangles verts"

`captions(scene, lang)` lists every variant (synonyms, size said or not), canonical first;
`parse(prompt)` goes back from a caption to its Scene (for the checker), None if the prompt is
not written like a caption. `render(specs)` draws a batch with tensor ops (every shape is an
inequality on the pixel grid), 32x32 RGB in [0, 1]: 256 scenes take a few milliseconds. `sample(n, rng)`
draws specs from a `random.Random`, so a seed gives the same scenes and captions.
French agreement: the article (un / une), the size adjective (petit / petite, placed
before the noun) and the colour adjective (vert / verte / verts / vertes, after it)
follow the noun's gender and number.
"""

import functools
import random
from dataclasses import dataclass, field

import torch

SIZE = 32  # side of a scene in pixels
# shape -> (English, French, French gender, French plural)
SHAPES = {
    "circle": ("circle", "cercle", "m", "cercles"),
    "square": ("square", "carré", "m", "carrés"),
    "triangle": ("triangle", "triangle", "m", "triangles"),
    "diamond": ("diamond", "losange", "m", "losanges"),
    "cross": ("cross", "croix", "f", "croix"),
}
# colour -> (RGB in [0, 1], English, French m. sing., f. sing., m. plural, f. plural)
COLOURS = {
    "red": ((0.95, 0.1, 0.1), "red", "rouge", "rouge", "rouges", "rouges"),
    "green": ((0.1, 0.85, 0.15), "green", "vert", "verte", "verts", "vertes"),
    "blue": ((0.15, 0.3, 1.0), "blue", "bleu", "bleue", "bleus", "bleues"),
    "yellow": ((0.95, 0.9, 0.1), "yellow", "jaune", "jaune", "jaunes", "jaunes"),
    "white": ((1.0, 1.0, 1.0), "white", "blanc", "blanche", "blancs", "blanches"),
    "purple": ((0.65, 0.15, 0.85), "purple", "violet", "violette", "violets", "violettes"),
}
RADIUS = {"small": 5.0, "large": 7.0}  # half-size in pixels
FR_SIZE = {"small": {"m": "petit", "f": "petite"}, "large": {"m": "grand", "f": "grande"}}
EN_SIZE = {"small": ["small", "little"], "large": ["large", "big"]}
ANCHORS = {"left": (9, 16), "right": (23, 16), "top": (16, 9), "bottom": (16, 23), "centre": (16, 16)}  # (x, y)
EN_POS = {"left": ["on the left", "at the left"], "right": ["on the right", "at the right"],
          "top": ["at the top", "on top"], "bottom": ["at the bottom", "on the bottom"],
          "centre": ["in the centre", "in the center", "in the middle"]}
FR_POS = {"left": ["à gauche"], "right": ["à droite"], "top": ["en haut"], "bottom": ["en bas"],
          "centre": ["au centre", "au milieu"]}
# relation of object 0 to object 1 -> (English, French before "d'un(e)", offset of object 0 from object 1)
RELATIONS = {"left of": ("left of", "à gauche", (-1, 0)), "right of": ("right of", "à droite", (1, 0)),
             "above": ("above", "au-dessus", (0, -1)), "below": ("below", "au-dessous", (0, 1))}
KINDS = ("single", "relation", "count")
# words of the templates that name nothing (articles, prepositions, "a handwritten ...", "a photo of ..."): a
# prompt with no other known word says nothing the models can draw, and is refused rather than drawn at random
FUNCTION_WORDS = frozenset("a an the on at in of un une d de en au le la à photo handwritten digit number "
                           "manuscrit chiffre nombre écrit main".split())


@dataclass
class Obj:
    shape: str  # a key of SHAPES
    colour: str  # a key of COLOURS
    size: str  # "small" or "large"
    x: float  # centre, in pixels from the left
    y: float  # centre, in pixels from the top
    position: str = ""  # a key of ANCHORS for single objects ("" in relations and counts)


@dataclass
class Scene:
    kind: str  # "single", "relation" or "count"
    objects: list = field(default_factory=list)  # one or two Obj
    relation: str = ""  # a key of RELATIONS, for kind "relation": objects[0] <relation> objects[1]


# ----------------------------------------------------------------------------- specs


def _single(rng: random.Random) -> Scene:
    pos, size = rng.choice(list(ANCHORS)), rng.choice(list(RADIUS))
    x, y = ANCHORS[pos]
    return Scene("single", [Obj(rng.choice(list(SHAPES)), rng.choice(list(COLOURS)), size,
                                x + rng.uniform(-1, 1), y + rng.uniform(-1, 1), pos)])


def _pair_centres(rng: random.Random, dx: int, dy: int) -> tuple:
    """Two centres 14 pixels apart along (dx, dy), the pair jittered as a whole."""
    cx, cy = 16 + rng.uniform(-2, 2), 16 + rng.uniform(-2, 2)
    return (cx + 7 * dx, cy + 7 * dy), (cx - 7 * dx, cy - 7 * dy)


def _relation(rng: random.Random) -> Scene:
    rel = rng.choice(list(RELATIONS))
    (x0, y0), (x1, y1) = _pair_centres(rng, *RELATIONS[rel][2])
    a_shape, b_shape = rng.sample(list(SHAPES), 2)
    a_col, b_col = rng.sample(list(COLOURS), 2)
    return Scene("relation", [Obj(a_shape, a_col, "small", x0, y0), Obj(b_shape, b_col, "small", x1, y1)], rel)


def _count(rng: random.Random) -> Scene:
    shape, colour = rng.choice(list(SHAPES)), rng.choice(list(COLOURS))
    (x0, y0), (x1, y1) = _pair_centres(rng, *rng.choice([(1, 0), (0, 1)]))
    return Scene("count", [Obj(shape, colour, "small", x0, y0), Obj(shape, colour, "small", x1, y1)])


def shifted(scene: Scene, dx: float, dy: float) -> Scene:
    """The same scene moved by (dx, dy) pixels as a whole (its position words and relation unchanged if small)."""
    objs = [Obj(o.shape, o.colour, o.size, o.x + dx, o.y + dy, o.position) for o in scene.objects]
    return Scene(scene.kind, objs, scene.relation)


def sample(n: int, rng: random.Random, kinds=KINDS, weights=(0.6, 0.25, 0.15)) -> list[Scene]:
    """n random scene specs; `kinds` and their `weights` (default: mostly single objects)."""
    make = {"single": _single, "relation": _relation, "count": _count}
    bad = [k for k in kinds if k not in make]
    if bad:
        raise ValueError(f"unknown scene kinds {bad}; allowed: {', '.join(KINDS)}")
    weights = [dict(zip(KINDS, weights))[k] for k in kinds]
    return [make[rng.choices(kinds, weights)[0]](rng) for _ in range(n)]


# ----------------------------------------------------------------------------- captions


def _en_noun(o: Obj, size: str = "", plural: bool = False) -> str:
    noun = SHAPES[o.shape][0] + (("es" if o.shape == "cross" else "s") if plural else "")
    return " ".join(([size] if size else []) + [COLOURS[o.colour][1], noun])


def _en_article(noun: str) -> str:
    return "an" if noun[0] in "aeiou" else "a"


def _fr_noun(o: Obj, size: bool, plural: bool = False) -> str:
    _, noun, gender, nouns = SHAPES[o.shape]
    colour = COLOURS[o.colour][2 + (gender == "f") + 2 * plural]
    adj = FR_SIZE[o.size][gender] + ("s" if plural else "") + " " if size else ""
    return f"{adj}{nouns if plural else noun} {colour}"


def _fr_article(o: Obj, of: bool = False) -> str:
    article = "une" if SHAPES[o.shape][2] == "f" else "un"
    return f"d'{article}" if of else article


def captions(scene: Scene, lang: str = "en") -> list[str]:
    """Every caption of a scene in "en" or "fr", the canonical one first.

    Variants (single objects): synonyms of the position and size words, and the size said or left out.
    """
    if lang not in ("en", "fr"):
        raise ValueError(f"lang must be 'en' or 'fr', not {lang!r}")
    a = scene.objects[0]
    if scene.kind == "single":
        if lang == "en":
            nouns = [_en_noun(a, size) for size in EN_SIZE[a.size] + [""]]
            return [f"{_en_article(n)} {n} {pos}" for n in nouns for pos in EN_POS[a.position]]
        return [f"{_fr_article(a)} {_fr_noun(a, size)} {pos}" for size in (True, False) for pos in FR_POS[a.position]]
    if scene.kind == "relation":
        b = scene.objects[1]
        en, fr, _ = RELATIONS[scene.relation]
        if lang == "en":
            na, nb = _en_noun(a), _en_noun(b)
            return [f"{_en_article(na)} {na} {en} {_en_article(nb)} {nb}"]
        return [f"{_fr_article(a)} {_fr_noun(a, False)} {fr} {_fr_article(b, of=True)} {_fr_noun(b, False)}"]
    if scene.kind == "count":
        return [f"two {_en_noun(a, plural=True)}" if lang == "en" else f"deux {_fr_noun(a, False, plural=True)}"]
    raise ValueError(f"unknown scene kind {scene.kind!r}; allowed: {', '.join(KINDS)}")


def caption(scene: Scene, lang: str = "en", rng: random.Random | None = None) -> str:
    """The caption of a scene in "en" or "fr": the canonical one without rng, a random variant with it."""
    options = captions(scene, lang)
    return options[0] if rng is None else rng.choice(options)


def _pick(options: list, rng) -> str:
    return options[0] if rng is None else rng.choice(options)


@functools.cache
def _index() -> dict:
    """Every caption of every scene the templates can say (its words, space-joined) -> its Scene."""
    out = {}
    specs = [Scene("single", [Obj(sh, c, size, *ANCHORS[pos], pos)])
             for sh in SHAPES for c in COLOURS for size in RADIUS for pos in ANCHORS]
    for rel, (_, _, (dx, dy)) in RELATIONS.items():
        specs += [Scene("relation", [Obj(sa, ca, "small", 16 + 7 * dx, 16 + 7 * dy),
                                     Obj(sb, cb, "small", 16 - 7 * dx, 16 - 7 * dy)], rel)
                  for sa in SHAPES for ca in COLOURS for sb in SHAPES for cb in COLOURS]
    specs += [Scene("count", [Obj(sh, c, "small", 9, 16), Obj(sh, c, "small", 23, 16)]) for sh in SHAPES for c in COLOURS]
    for spec in specs:
        for lang in ("en", "fr"):
            for text in captions(spec, lang):
                out.setdefault(" ".join(_words(text)), spec)
    return out


def single_scenes() -> list[Scene]:
    """Every single-object spec at its anchor (shape x colour x size x position: 300), in a fixed order:
    the candidates of CLIP's zero-shot classification, one canonical caption each."""
    return [Scene("single", [Obj(sh, c, size, *ANCHORS[pos], pos)])
            for sh in SHAPES for c in COLOURS for size in RADIUS for pos in ANCHORS]


@functools.cache
def single_captions(lang: str) -> tuple[str, ...]:
    """The canonical caption of each of `single_scenes()`, in "en" or "fr" (the same order)."""
    return tuple(caption(s, lang) for s in single_scenes())


def _words(text: str) -> list[str]:
    from genkit.text import words

    return words(text)


def parse(prompt: str) -> Scene | None:
    """The Scene a prompt describes if it is written like a caption (either language, any case or
    punctuation), else None: the checker can only judge prompts of the templates. A single object
    without its size is read as "small" (match ignores the size)."""
    return _index().get(" ".join(_words(prompt)))


def vocabulary() -> list[str]:
    """Every word any caption template can use, both languages (the tokenizer's vocabulary is built from it)."""
    texts = [" ".join(v) for table in (EN_POS, FR_POS, EN_SIZE) for v in table.values()]
    texts += [f"{w} {w}s" for v in FR_SIZE.values() for w in v.values()]
    texts += ["a an two un une deux d'un d'une"] + [f"{en} {fr}" for en, fr, _ in RELATIONS.values()]
    texts += [f"{en} {en}{'es' if en == 'cross' else 's'} {fr} {frs}" for en, fr, _, frs in SHAPES.values()]
    texts += [" ".join(v[1:]) for v in COLOURS.values()]
    return texts


# ----------------------------------------------------------------------------- rendering


def shape_masks(x: torch.Tensor, y: torch.Tensor, r: torch.Tensor, size: int = SIZE) -> dict:
    """Each shape's mask at centres (x, y) and half-sizes r, all (N,): shape -> (N, size, size) bool."""
    grid = torch.arange(size, dtype=torch.float32) + 0.5  # pixel centres
    dx = grid[None, None, :] - x[:, None, None]  # (N, 1, size)
    dy = grid[None, :, None] - y[:, None, None]  # (N, size, 1)
    r = r[:, None, None]
    ax, ay = dx.abs(), dy.abs()
    return {
        "circle": dx**2 + dy**2 <= r**2,
        "square": (ax <= 0.85 * r) & (ay <= 0.85 * r),
        "triangle": (dy >= -r) & (dy <= 0.8 * r) & (ax <= 0.62 * (dy + r)),  # apex up
        "diamond": ax + ay <= 1.15 * r,
        "cross": ((ax <= r) & (ay <= 0.36 * r)) | ((ax <= 0.36 * r) & (ay <= r)),
    }


def render(scenes: list[Scene], size: int = SIZE) -> torch.Tensor:
    """Draw scenes -> (N, 3, size, size) float in [0, 1], black background, later objects on top."""
    if not scenes:
        raise ValueError("render needs at least one scene")
    objs = [(i, o) for i, s in enumerate(scenes) for o in s.objects]
    scale = size / SIZE
    x = torch.tensor([o.x * scale for _, o in objs])
    y = torch.tensor([o.y * scale for _, o in objs])
    r = torch.tensor([RADIUS[o.size] * scale for _, o in objs])
    masks = shape_masks(x, y, r, size)  # shape -> (M, size, size)
    images = torch.zeros(len(scenes), 3, size, size)  # (N, 3, H, W)
    for j, (i, o) in enumerate(objs):
        m = masks[o.shape][j]  # (H, W)
        images[i][:, m] = torch.tensor(COLOURS[o.colour][0])[:, None]
    return images


def distinct(n: int, rng: random.Random, **kwargs) -> list[Scene]:
    """n random specs whose canonical English captions all differ (redrawn until they do): a batch for CLIP,
    where two pairs with the same caption would each be a wrong answer for the other."""
    out, seen = [], set()
    while len(out) < n:
        for s in sample(n - len(out), rng, **kwargs):
            if caption(s) not in seen:
                seen.add(caption(s))
                out.append(s)
    return out


def batch(n: int, rng: random.Random, langs=("en", "fr"), unique: bool = False,
          **kwargs) -> tuple[torch.Tensor, list[str], list[Scene]]:
    """n random scenes -> (images (n, 3, 32, 32) in [0, 1], one random caption each, their specs);
    unique: no two with the same canonical caption (`distinct`)."""
    scenes = (distinct if unique else sample)(n, rng, **kwargs)
    captions = [caption(s, rng.choice(langs), rng) for s in scenes]
    return render(scenes), captions, scenes


# ----------------------------------------------------------------------------- digits and clothes


_FR_FEMININE = {"robe", "sandale", "chemise", "basket", "bottine"}


def digit_captions(dataset: str, label: int, lang: str = "en") -> list[str]:
    """Every caption of an MNIST or Fashion-MNIST class, the canonical one first: "a handwritten seven", "the
    digit 7", "the number seven" / "un sept manuscrit", "un 7 écrit à la main"; "a sneaker" / "une basket"."""
    from genkit.data import CLASSES

    if dataset not in CLASSES:
        raise ValueError(f"unknown dataset {dataset!r}; choose one of {sorted(CLASSES)}")
    name = CLASSES[dataset][lang][label].lower()
    if dataset == "mnist":
        both = [name, str(label)]  # the word and the numeral
        if lang == "en":
            return ([f"a handwritten {n}" for n in both] + [f"the digit {n}" for n in both] + [f"a {n}" for n in both]
                    + [f"the number {n}" for n in both])
        return ([f"un {n} manuscrit" for n in both] + [f"le chiffre {n}" for n in both] + [f"un {n}" for n in both]
                + [f"un {n} écrit à la main" for n in both] + [f"le nombre {name}"])
    article = {"en": "an" if name[0] in "aeiou" else "a", "fr": "une" if name in _FR_FEMININE else "un"}[lang]
    photo = {"en": "a photo of", "fr": "une photo d'" if name[0] in "aeiou" else "une photo de"}[lang]
    return [f"{article} {name}", f"{photo} {article} {name}"]


def digit_caption(dataset: str, label: int, lang: str = "en", rng: random.Random | None = None) -> str:
    """A caption of an MNIST or Fashion-MNIST class: the canonical one without rng, a random variant with it."""
    return _pick(digit_captions(dataset, label, lang), rng)


def digit_vocabulary(dataset: str) -> list[str]:
    """Every digits or clothes caption, both languages."""
    return [c for k in range(10) for lang in ("en", "fr") for c in digit_captions(dataset, k, lang)]
