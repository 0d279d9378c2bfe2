"""The Convolution tab: convolution, transposed convolution and upsampling, with numbers you can edit.

Lecture: "Réseaux à convolution (CNN) — rappel", "Convolution", "« Inverser » un réseau à convolution",
"Interpolation", "Convolution transposée", "U-Nets". The maths lives in genkit/conv.py and
genkit/upsample.py, the pictures (HTML grids, heatmaps, shape tables) in genkit/views/conv.py; this
module reads the grids and sliders, calls them with translated words, and wires the layout. Every
text is in genkit/ui/text/conv.py, in English and French (the lecture's terms).
"""

import functools
import math
from fractions import Fraction

import gradio as gr
import torch

from genkit import conv, hub, images, upsample
from genkit.ui.common import LATEX, changes, checkpoint_present, fail, image, initial, model, safe
from genkit.ui.i18n import t
from genkit.ui.inputs import choice, number
from genkit.views import conv as views

CLASSIFIER = "classifier-mnist"
LIMITS = {"input": 8, "kernel": 5, "image_kernel": 7, "small": 6}  # largest editable grids
LECTURE = {  # the lecture's examples (numbers from Dumoulin & Visin's figure 1.1)
    "conv": dict(x=[[3, 3, 2, 1, 0], [0, 0, 1, 3, 1], [3, 1, 2, 2, 3], [2, 0, 0, 2, 2], [2, 0, 0, 0, 1]],
                 k=[[0, 1, 2], [2, 2, 0], [0, 1, 2]], stride=2, padding=0, dilation=1, output_padding=0),
    "transpose": dict(x=[[1, 2], [3, 4]], k=[[0, 1, 2], [2, 2, 0], [0, 1, 2]], stride=1, padding=0, dilation=1,
                      output_padding=0),
}
SMALL = [[1, 2], [3, 4]]

# ----------------------------------------------------------------------------- reading the UI's values; 1. numbers


def _cells(rows) -> list:
    """A Dataframe's value (rows, {"data": rows} or a pandas DataFrame) as a list of rows (None: not a row)."""
    rows = (rows.get("data") or []) if isinstance(rows, dict) else rows
    rows = rows.values.tolist() if hasattr(rows, "values") and hasattr(rows, "columns") else rows  # pandas
    return [list(r) if isinstance(r, (list, tuple)) else None for r in rows] if isinstance(rows, (list, tuple)) else []


def _grid(rows, which: str, lang: str) -> torch.Tensor:
    """An editable grid (list of rows) as an (H, W) tensor; a translated error names the bad cell."""
    grid = t(f"conv.grid_{which}", lang)
    rows, limit = _cells(rows), LIMITS[which]
    if not rows or not rows[0]:
        fail("conv.err_grid_empty", lang, grid=grid)
    if any(r is None or len(r) != len(rows[0]) for r in rows):
        fail("conv.err_grid_ragged", lang, grid=grid)
    if len(rows) > limit or len(rows[0]) > limit:
        fail("conv.err_grid_size", lang, grid=grid, h=len(rows), w=len(rows[0]), limit=limit)
    values = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            text = "" if cell is None else str(cell).strip().replace("−", "-").replace(",", ".")
            if text == "" or (isinstance(cell, float) and math.isnan(cell)):
                fail("conv.err_cell_empty", lang, grid=grid, row=r + 1, col=c + 1)
            try:  # float first: '9e99999999' becomes inf at once, where Fraction would compute for minutes
                v = float(text) if "/" not in text else float(Fraction(text[:40]))  # 2, -0.5, 1e-3, 1/9
            except (ValueError, ZeroDivisionError, OverflowError):
                fail("conv.err_cell_nan", lang, grid=grid, row=r + 1, col=c + 1, value=text[:20])
            if not math.isfinite(v) or abs(v) > 1e6:
                fail("conv.err_cell_nan", lang, grid=grid, row=r + 1, col=c + 1, value=text[:20])
            values.append(v)
    return torch.tensor(values, dtype=torch.float64).reshape(len(rows), len(rows[0]))


_integer = functools.partial(number, integer=True)  # (value, key, low, high, lang): every number here is whole


def _shape_fail(e: conv.ShapeError, lang: str):
    axis = t(f"conv.axis_{e.details.get('axis', 'height')}", lang).lower()
    fail(f"conv.err_{e.code}", lang, **{**e.details, "axis": axis})


def _numbers(op, x_grid, k_grid, stride, padding, dilation, output_padding, lang) -> views.Numbers:
    op = choice(op, ("conv", "transpose"), "conv.op", lang)
    x, w = _grid(x_grid, "input", lang), _grid(k_grid, "kernel", lang)
    s, p = _integer(stride, "conv.stride", 1, 4, lang), _integer(padding, "conv.padding", 0, 3, lang)
    d, a = _integer(dilation, "conv.dilation", 1, 3, lang), _integer(output_padding, "conv.output_padding", 0, 3, lang)
    try:
        return views.compute(op, x, w, s, p, d, a)
    except conv.ShapeError as e:
        _shape_fail(e, lang)


def _size_lines(q: views.Numbers, lang: str) -> str:
    general, lines = views.size_formulas(q)
    return t(f"conv.formula_{q.op}", lang) + "\n" + general + "\n" + "\n".join(
        "- " + t("conv.size_line", lang, axis=t(f"conv.axis_{axis}", lang), math=m) for axis, m in lines)


@safe
def numbers(op, x_grid, k_grid, stride, padding, dilation, output_padding, step, lang):
    """Numbers mode: the grids with the cells of one step highlighted, the products, the size formula."""
    q = _numbers(op, x_grid, k_grid, stride, padding, dilation, output_padding, lang)
    n, k, i, j = views.step_cell(q, _integer(step, "conv.step", 0, 10_000, lang))
    titles = {key: t(f"conv.title_{key}", lang, h=q.y.shape[0], w=q.y.shape[1]) for key in views.STEP_TITLES}
    v = {} if q.op == "conv" else {"v": views.fmt(q.x[i, j])}  # the input cell that a transposed step scatters
    caption = t(f"conv.step_{q.op}", lang, n=k + 1, total=n, i=i, j=j, **v)
    if q.op == "transpose" and q.p:
        caption += " " + t("conv.cropped_note", lang, p=q.p)
    return views.step_html(q, i, j, titles, caption), _size_lines(q, lang), gr.update(maximum=n - 1, value=k)


@safe
def matrix(op, x_grid, k_grid, stride, padding, dilation, output_padding, step, lang):
    """Matrix view: C (conv2d(x) = C x) and its transpose, with the current step's row outlined."""
    q = _numbers(op, x_grid, k_grid, stride, padding, dilation, output_padding, lang)
    C, conv_out = views.conv_matrix(q)  # (cells of conv_out, cells of the convolution's input)
    k = min(_integer(step, "conv.step", 0, 10_000, lang), C.shape[0] - 1)  # the step's cell is a row of C
    cell = f"[{k // conv_out[1]},{k % conv_out[1]}]"
    text = t(f"conv.matrix_shapes_{q.op}", lang, rows=C.shape[0], cols=C.shape[1], cell=cell,
             xh=q.x.shape[0], xw=q.x.shape[1], yh=q.y.shape[0], yw=q.y.shape[1], zeros=f"{100 * (C == 0).mean():.0f}")
    return text, views.heatmap(C, row=k), views.heatmap(C.T, col=k)


@safe
def lecture_example(op, lang):
    """The lecture's example for the chosen operation: grids and sliders."""
    op = choice(op, tuple(LECTURE), "conv.op", lang)
    e = LECTURE[op]
    return (e["x"], e["k"], e["stride"], e["padding"], e["dilation"],
            gr.update(value=e["output_padding"], visible=op == "transpose"), 0)


# ----------------------------------------------------------------------------- images and increasing the size


def _picture(path, example, lang) -> tuple[torch.Tensor, list[str]]:
    """The uploaded image (decoded safely) or the example; the notes translated."""
    if path:
        try:
            loaded = images.load_image(str(path))
        except images.ImageInputError as e:
            fail(f"conv.err_image_{e.code}", lang, **e.details)
        notes = [(code, {k: t(f"conv.bg_{v}", lang) if k == "background" else v for k, v in details.items()})
                 for code, details in loaded.notes]  # the background's colour is a word too
        return loaded.image, [t(f"conv.note_{code}", lang, **details) for code, details in notes]
    return images.example_image(choice(example, tuple(images.EXAMPLES), "conv.example", lang)), []


def _kernel_cells(values) -> list[list[str]]:
    return [[str(Fraction(v).limit_denominator(64)) for v in row] for row in values]


SOBEL = _kernel_cells(conv.PRESETS["sobel_x"])  # the image tab's first kernel


@safe
def preset_kernel(name, lang):
    """The preset's kernel, as editable cells (fractions stay fractions: 1/9)."""
    return _kernel_cells(conv.PRESETS[choice(name, tuple(conv.PRESETS), "conv.preset", lang)])


@safe
def image_conv(path, example, k_grid, stride, padding, lang):
    """Image mode: one kernel applied to each channel, input and output side by side."""
    x, notes = _picture(path, example, lang)  # (C, H, W)
    w = _grid(k_grid, "image_kernel", lang).float()
    s, p = _integer(stride, "conv.stride", 1, 8, lang), _integer(padding, "conv.padding", 0, 8, lang)
    try:
        views.check_stride(x.shape[1:], s, p)
        y, rescaled, scale = views.convolve_image(x, w, s, p)  # (C, oh, ow) in [0, 1]
    except conv.ShapeError as e:
        _shape_fail(e, lang)
    (c, h, wd), (oh, ow) = x.shape, y.shape[1:]
    lines = [t("conv.image_caption", lang, h=h, w=wd, c=c, oh=oh, ow=ow, s=s, p=p)]
    if rescaled:
        lines.append(t("conv.image_rescaled", lang, low=views.fmt(rescaled[0]), high=views.fmt(rescaled[1])))
    if scale > 1:
        lines.append(t("conv.image_enlarged", lang, scale=scale))
    return image(x, 1), image(y, scale), "\n\n".join(lines + notes)


def _classifier(lang):
    """The trained classifier, or None and the translated reason (no network call if it was never published)."""
    if not checkpoint_present(CLASSIFIER) and hub.entry(CLASSIFIER).revision is None:
        return None, t("conv.filters_missing", lang, command=hub.entry(CLASSIFIER).train_command)
    try:
        return model(CLASSIFIER, lang), ""
    except gr.Error as e:
        return None, e.message


@safe
def first_layer(path, example, lang):
    """The first layer's filters of our classifier, and their feature maps on the chosen image."""
    x, _ = _picture(path, example, lang)
    net, reason = _classifier(lang)
    if net is None:
        return reason, None, None
    w, b = (p.detach().float().cpu() for p in (net.first_layer.weight, net.first_layer.bias))  # (16, 1, k, k), (16,)
    filters, maps, (h, wd) = views.filters_and_maps(w, b, x)
    text = t("conv.filters_caption", lang, n=w.shape[0], k=w.shape[-1], h=h, w=wd)
    return text, filters, image(maps, 2)


@safe
def upsampling(small_grid, factor, kernel_size, kind, align_corners, path, example, lang):
    """Repetition, bilinear interpolation and a transposed convolution side by side, on numbers and an image."""
    x = _grid(small_grid, "small", lang).float()
    s, k = _integer(factor, "conv.factor", 2, 4, lang), _integer(kernel_size, "conv.t_kernel", 1, 8, lang)
    kind = choice(kind, tuple(upsample.KERNELS), "conv.t_kind", lang)
    methods = views.upsamplers(s, k, kind, bool(align_corners))
    titles = {name: t(f"conv.title_{name}", lang, k=k, s=s) for name in ("small", *methods, "counts")}
    html = views.upsampling_html(x, methods, s, k, titles)
    why, lo, hi, gain = views.checkerboard(s, k, kind)
    text = t(f"conv.checker_{why}", lang, k=k, s=s, low=lo, high=hi)
    text += "\n\n" + t("conv.transposed_gain", lang, gain=views.fmt(gain), s=s)
    small, zoom = views.small_picture(_picture(path, example, lang)[0], s)
    return (html, text, image(small, zoom * s), *[image(f(small), zoom) for f in methods.values()])


# ----------------------------------------------------------------------------- from CNN to U-Net


def _shapes_table(rows, title_key: str, lang: str, phases: bool) -> str:
    return views.shapes_table(
        rows, t(title_key, lang), {c: t(f"conv.col_{c}", lang) for c in views.SHAPE_COLUMNS},
        {k: t(f"conv.phase_{k}", lang) for k in views.PHASE_COLOR} if phases else None,
        skip_from=lambda source, shape: t("conv.skip_from", lang, source=source, shape=shape),
        skip_to=lambda target: t("conv.skip_to", lang, target=target))


@safe
def shapes(lang):
    """From CNN to U-Net: the shapes through our classifier, then through our diffusion U-Net."""
    trained = _classifier(lang)[0] if checkpoint_present(CLASSIFIER) else None
    note = t("conv.untrained_note" if trained is None else "conv.trained_note", lang)
    rows = views.classifier_shapes(trained.config if trained is not None else None)
    return (f"<p>{views.escape(note)}</p>" + _shapes_table(rows, "conv.shapes_classifier", lang, phases=False)
            + _shapes_table(views.unet_shapes(), "conv.shapes_unet", lang, phases=True))


# ----------------------------------------------------------------------------- layout


def build(page) -> None:
    """The tab's layout and wiring (called by the shell inside its gr.Tab)."""
    lang, grid = page.lang, dict(datatype="str", type="array", interactive=True)

    def slider(key, low, high, value, **kwargs):
        return page.make(gr.Slider, label=key, minimum=low, maximum=high, step=1, value=value, **kwargs)
    page.md("conv.intro")
    with page.tab("conv.tab_numbers"):
        page.md("conv.numbers_help")
        e = LECTURE["conv"]
        with gr.Row():
            op = page.make(gr.Radio, label="conv.op", value="conv",
                           choices_keys=[("conv.op_conv", "conv"), ("conv.op_transpose", "transpose")])
            reset = page.button("conv.lecture_example")
        with gr.Row():
            x_df = page.make(gr.Dataframe, label="conv.input_grid", value=e["x"], **grid)
            k_df = page.make(gr.Dataframe, label="conv.kernel_grid", value=e["k"], **grid)
        with gr.Row():
            stride, padding = slider("conv.stride", 1, 4, e["stride"]), slider("conv.padding", 0, 3, 0)
            dilation, out_pad = slider("conv.dilation", 1, 3, 1), slider("conv.output_padding", 0, 3, 0, visible=False)
        step = slider("conv.step", 0, 3, 0, info="conv.step_info")
        defaults = ["conv", e["x"], e["k"], e["stride"], 0, 1, 0, 0, "en"]
        first, first_matrix = initial(numbers, *defaults), initial(matrix, *defaults)
        view, sizes = gr.HTML(first[0]), gr.Markdown(first[1], latex_delimiters=LATEX)
        with page.accordion("conv.matrix_title", open=True):
            page.md("conv.matrix_help")
            matrix_text = gr.Markdown(first_matrix[0], latex_delimiters=LATEX)
            with gr.Row():  # each at its own size, with cells as large in both: side by side, or C^T under C
                c_img, ct_img = (page.picture(key, value=v, height=None, elem_classes="genkit-natural")
                                 for key, v in (("conv.matrix_c", first_matrix[1]), ("conv.matrix_ct", first_matrix[2])))
        inputs = [op, x_df, k_df, stride, padding, dilation, out_pad, step, lang]
        shown = gr.on(changes(inputs), numbers, inputs, [view, sizes, step], api_name="conv",
                      trigger_mode="always_last")
        shown.success(matrix, inputs, [matrix_text, c_img, ct_img], api_name="conv_matrix")  # one error, not two
        gr.on([op.input, reset.click], lecture_example, [op, lang],
              [x_df, k_df, stride, padding, dilation, out_pad, step], api_name="conv_example")

    with page.tab("conv.tab_image"):
        page.md("conv.image_help")
        with gr.Row():
            upload = page.make(gr.File, label="conv.upload", type="filepath", file_count="single", height=140)
            example = page.make(gr.Radio, label="conv.example", info="conv.example_info", value="shapes",
                                choices_keys=[(f"conv.example_{n}", n) for n in images.EXAMPLES])
        with gr.Row():
            preset = page.make(gr.Dropdown, label="conv.preset", value="sobel_x",
                               choices_keys=[(f"conv.preset_{n}", n) for n in conv.PRESETS])
            kernel3 = page.make(gr.Dataframe, label="conv.kernel_grid", value=SOBEL, **grid)
            with gr.Column():
                img_stride, img_padding = slider("conv.stride", 1, 8, 1), slider("conv.padding", 0, 8, 1)
        first = initial(image_conv, None, "shapes", SOBEL, 1, 1, "en")
        with gr.Row():
            img_in = page.picture("conv.image_in", value=first[0])
            img_out = page.picture("conv.image_out", value=first[1])
        img_text = gr.Markdown(first[2])
        with page.accordion("conv.filters_title", open=False):
            page.md("conv.filters_help")
            first = initial(first_layer, None, "shapes", "en")
            filters_text = gr.Markdown(first[0])
            with gr.Row():
                filters_img, maps_img = (page.picture("conv.filters_img", value=first[1]),
                                         page.picture("conv.maps_img", value=first[2]))
        example.input(lambda: None, None, upload, api_visibility="private")  # the example replaces the upload
        preset.input(preset_kernel, [preset, lang], kernel3, api_name="conv_preset")
        image_inputs = [upload, example, kernel3, img_stride, img_padding, lang]
        gr.on(changes(image_inputs), image_conv, image_inputs, [img_in, img_out, img_text],
              api_name="conv_image", trigger_mode="always_last")
        gr.on(changes([upload, example, lang]), first_layer, [upload, example, lang],
              [filters_text, filters_img, maps_img], api_name="conv_filters", trigger_mode="always_last")

    with page.tab("conv.tab_upsample"):
        page.md("conv.upsample_help")
        with gr.Row():
            small = page.make(gr.Dataframe, label="conv.small_grid", value=SMALL, **grid)
            with gr.Column():
                factor, t_kernel = slider("conv.factor", 2, 4, 2), slider("conv.t_kernel", 1, 8, 3)
            with gr.Column():
                t_kind = page.make(gr.Radio, label="conv.t_kind", value="box",
                                   choices_keys=[("conv.kind_box", "box"), ("conv.kind_bilinear", "bilinear")])
                align = page.make(gr.Checkbox, label="conv.align", value=False)
        first = initial(upsampling, SMALL, 2, 3, "box", False, None, "shapes", "en")
        up_html, up_text = gr.HTML(first[0]), gr.Markdown(first[1])
        with gr.Row():
            up_images = [page.picture(f"conv.up_{n}", value=v)
                         for n, v in zip(("input", "repeat", "bilinear", "transposed"), first[2:])]
        up_inputs = [small, factor, t_kernel, t_kind, align, upload, example, lang]
        gr.on(changes(up_inputs), upsampling, up_inputs, [up_html, up_text, *up_images], api_name="conv_upsample",
              trigger_mode="always_last")

    with page.tab("conv.tab_unet"):
        page.md("conv.unet_help")
        refresh = page.button("conv.refresh")
        table = gr.HTML(initial(shapes, "en"))
        lang.change(shapes, [lang], table, api_name="conv_shapes", trigger_mode="always_last")
        refresh.click(shapes, [lang], table, api_visibility="private")


# ----------------------------------------------------------------------------- benchmark (python -m genkit.bench)

_LECTURE_ARGS = {op: (op, e["x"], e["k"], e["stride"], e["padding"], e["dilation"], e["output_padding"], 1, "en")
                 for op, e in LECTURE.items()}
BENCH = {  # name -> a setup returning the call to time; the 512 x 512 picture is drawn in code, on first use
    "conv_numbers": lambda: functools.partial(numbers, *_LECTURE_ARGS["conv"]),
    "conv_numbers_transpose": lambda: functools.partial(numbers, *_LECTURE_ARGS["transpose"]),
    "conv_matrix": lambda: functools.partial(matrix, *_LECTURE_ARGS["conv"]),
    "conv_image_512": lambda: functools.partial(image_conv, views.bench_image(), "shapes", SOBEL, 1, 1, "en"),
    "conv_image_512_stride2": lambda: functools.partial(image_conv, views.bench_image(), "shapes", SOBEL, 2, 1, "en"),
    "conv_filters_512": lambda: functools.partial(first_layer, views.bench_image(), "shapes", "en"),
    "conv_upsample_512": lambda: functools.partial(upsampling, SMALL, 2, 3, "box", False, views.bench_image(),
                                                   "shapes", "en"),
    "conv_shapes": lambda: functools.partial(shapes, "en"),
}
