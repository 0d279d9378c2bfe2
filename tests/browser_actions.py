"""What a student does in each tab, for the browser tests: ONE table, `ACTIONS`.

`ACTIONS` maps each tab (its module name; the tab's elem_id is ``tab-<module>``) to
its main action, as a list of `Act`: gestures (open a sub-tab, move a slider, draw
on a sketchpad, press a button ...), then the images that must be shown (present,
of the expected size, not blank) and texts that must be visible. A tab whose models
are not trained yet has no gesture: it must show its training command. When a later
issue gives a tab a real action, it replaces that tab's entry here, and the browser
tests (tests/test_browser.py) perform it in English, in French and on a phone.

A target is what the student reads: the translation key of the component's label
(``"conv.stride"``; the tests look it up in the page's current language), or
``"#elem_id"``. An image is checked against the picture it showed before the
act's first gesture that is not a sub-tab click, so an act must change its images.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Step:
    """One gesture. kind: 'tab' (open the sub-tab `target`), 'slider' (set it to `value`),
    'draw' (a stroke on the sketchpad), 'click' (a button), 'select' (the radio or
    dropdown choice whose value is `value`), 'type' (text into a textbox)."""

    kind: str
    target: str  # translation key of the label, or "#elem_id"
    value: object = None


@dataclass(frozen=True)
class Img:
    """An output image that must show a new, non-blank picture after the act."""

    target: str  # translation key of the gr.Image's label, or "#elem_id"
    size: tuple[int, int] | None = None  # exact (width, height) of the picture, when it is known
    min_side: int = 28  # otherwise, each side at least this many pixels


@dataclass(frozen=True)
class Act:
    steps: tuple[Step, ...] = ()
    images: tuple[Img, ...] = ()
    texts: tuple[str, ...] = ()  # visible in the tab afterwards (commands, numbers: not translated)


def pending(command: str) -> list[Act]:
    """A tab whose models are not trained yet: its explanation, and the command that trains them."""
    return [Act(texts=(command,))]


ACTIONS: dict[str, list[Act]] = {
    "conv": [
        # 1. the numbers: the lecture's 5x5 input and 3x3 kernel; stride 2 -> 1 changes C (4x25 -> 9x25)
        Act(steps=(Step("tab", "conv.tab_numbers"), Step("slider", "conv.stride", 1)),
            images=(Img("conv.matrix_c", (936, 360)), Img("conv.matrix_ct", (360, 936)))),  # C: 9 x 25 cells
        # 2. on an image: the example picture through the Sobel kernel, then with stride 2
        Act(steps=(Step("tab", "conv.tab_image"), Step("slider", "conv.stride", 2)),
            images=(Img("conv.image_out", (256, 256)),)),
        # 3. increasing the size: a 2x2 grid enlarged 3 times by each method
        Act(steps=(Step("tab", "conv.tab_upsample"), Step("slider", "conv.factor", 3)),
            images=(Img("conv.up_repeat", (288, 288)), Img("conv.up_bilinear", (288, 288)),
                    Img("conv.up_transposed", (288, 288)))),  # 6 x 6 cells
    ],
    "autoencoder": [
        # draw a digit, encode and decode it (ae-mnist-z2): the input as encoded, its reconstruction, the error
        Act(steps=(Step("select", "input.source", "draw"), Step("draw", "input.drawing"), Step("click", "ae.go")),
            images=(Img("ae.input", (224, 224)), Img("ae.output", (224, 224)), Img("ae.error", (224, 224)))),  # 28 x 8
    ],
    "vae": [
        # the latent map (drawn for vae-mnist-z2 when the tab opens): the clothes' map, vae-fashion-z2, replaces it
        Act(steps=(Step("tab", "vae.tab_map"), Step("select", "ae.dataset", "fashion")),
            images=(Img("vae.map_grid", (638, 634)),)),  # 20 x 20 decoded images and their axes
    ],
    "gan": [
        # 2. in two dimensions (no dataset needed): one iteration of the game redraws D(x) over the plane
        Act(steps=(Step("tab", "gan.tab_2d"), Step("click", "gan.one_step")), images=(Img("gan.plane", (420, 420)),)),
        # 4. CycleGAN (no dataset needed): a typeset test digit b -> F(b) -> G(F(b)) and the difference, four
        # 28 x 28 pictures enlarged 6 times with 8-pixel gaps under their captions (and 30 blank pixels on top)
        Act(steps=(Step("tab", "gan.tab_cycle"), Step("select", "input.source", "test"),
                   Step("select", "gan.cy_direction", "b2a"), Step("click", "gan.cy_go")),
            images=(Img("gan.cy_trip", (712, 242)),)),
    ],
    "diffusion": [
        # 2. reverse process: generate one digit (diffusion-mnist, DDIM 50 steps); x_t and the predicted x0 stream,
        # then the filmstrip of the recorded run
        Act(steps=(Step("tab", "diff.tab_reverse"), Step("click", "diff.generate")),
            images=(Img("diff.xt", (224, 224)), Img("diff.x0_pred", (224, 224)), Img("diff.filmstrip", min_side=200))),
        # 5. the 2-D lab (no checkpoint, no dataset): one training step of flow matching on the ring redraws the
        # particles with their trajectories and the learned field, both 420 px square
        Act(steps=(Step("tab", "diff.tab_lab"), Step("click", "diff.lab.one_step")),
            images=(Img("diff.lab.particles", (420, 420)), Img("diff.lab.field", (420, 420)))),
    ],
    "text2img": [
        # 1. generate: type a prompt, generate 4 scenes (text2img-scenes, w = 3, 25 DDIM steps); x_t streams, then
        # the result: 4 images of 32 x 32 with 2-pixel gaps, 6 blank rows on top for the label, enlarged 6 times
        Act(steps=(Step("tab", "t2i.tab_generate"), Step("type", "t2i.prompt", "a blue square at the top"),
                   Step("click", "t2i.generate")),
            images=(Img("t2i.images", (828, 252)),)),
        # then x2: the same 4 scenes (a 2 x 2 grid of 32 x 32, 2-pixel gaps, 4x) beside their 64x64 versions
        # (sr-scenes-64, 4-pixel gaps, 2x): both 280 px square
        Act(steps=(Step("tab", "t2i.tab_generate"), Step("click", "t2i.x2_go")),
            images=(Img("t2i.x2_low", (280, 280)), Img("t2i.x2_high", (280, 280)))),
    ],
    "dalle2": [
        # 1. CLIP's similarity matrix: a new batch of N = 8 scenes, the 8 x 8 heatmap (its width follows the captions)
        Act(steps=(Step("tab", "d2.tab_similarity"), Step("click", "d2.new_batch")),
            images=(Img("d2.matrix", min_side=600),)),
        # 2. zero-shot: the seed's scene as CLIP reads it, 32 x 32 enlarged 6 times
        Act(steps=(Step("tab", "d2.tab_zero_shot"), Step("click", "d2.zs_go")),
            images=(Img("d2.zs_input", (192, 192)),)),
        # 3. text -> prior -> decoder: 4 images of 32 x 32 with 2-pixel gaps, enlarged 6 times (prior-scenes and
        # unclip-scenes, 25 DDIM steps each)
        Act(steps=(Step("tab", "d2.tab_text"), Step("type", "d2.prompt", "a blue square at the top"),
                   Step("click", "d2.generate")),
            images=(Img("d2.images", (828, 216)),)),
    ],
    "imagen": [
        # 1. the frozen text encoder: the example sentence's one blank, the five words of each text-only model
        Act(steps=(Step("tab", "im.tab_encoder"), Step("click", "im.fill_go")),
            images=(Img("im.fill_small", (560, 280)), Img("im.fill_large", (560, 280)))),
        # 2. the encoder's size: 4 images (2x2 of 32 x 32, enlarged 6 times) per model, the rates written under them
        Act(steps=(Step("tab", "im.tab_sizes"), Step("click", "im.sizes_go")),
            images=(Img("im.model_small", min_side=420), Img("im.model_joint", min_side=420))),
        # 3. the cascade: 4 images at 32 x 32 (6x, 2-pixel gaps), then at 64 x 64 (3x, 4-pixel gaps), the same size
        Act(steps=(Step("tab", "im.tab_cascade"), Step("type", "im.prompt", "a blue square at the top"),
                   Step("click", "im.cascade_go")),
            images=(Img("im.cascade_32", (420, 420)), Img("im.cascade_64", (420, 420)))),
    ],
}
