"""Every text of the Convolution tab, in English and French (the lecture's terms).

A leaf: it imports nothing of genkit.ui, so that genkit.ui.i18n can gather it without importing the tab.
"""

TEXT = {
    "conv.intro": {
        "en": r"""## Convolution, transposed convolution, interpolation
A convolutional network (CNN) **reduces** the dimensionality of its representation layer by layer. A generator
must do the opposite: start from a small representation and **increase** it. This tab shows both directions on
the same numbers.

**Convolution.** A kernel $w$ of size $k \times k$ slides over the input $x$ with a stride $s$ (the jump between
two positions), on an input surrounded by $p$ rows and columns of zeros (padding), its taps $d$ cells apart
(dilation):
$$y_{i,j} = \sum_{a,b} w_{a,b}\; x_{\,s i + d a - p,\; s j + d b - p}$$
(as in every deep-learning library, the kernel is not flipped). Along each axis, an input of $i$ cells gives
$$o = \left\lfloor \frac{i + 2p - d(k-1) - 1}{s} \right\rfloor + 1 .$$

**Transposed convolution.** A convolution is linear: $y = C\,x$ for a sparse matrix $C$. The operation "in the
other direction" is the product by its transpose, $C^\top y$: each input cell paints a copy of the kernel,
weighted by its value, on the output, and overlapping copies add up. Along each axis
$$o = (i-1)\,s - 2p + d(k-1) + a + 1,$$
where the output padding $a < s$ chooses among the sizes that the convolution maps back to $i$.

**Interpolation** (repetition, bilinear) also increases the size, with no parameters to learn. A **U-Net**
combines both: an encoder (convolutions) and a decoder (transposed convolutions or interpolation), with
connections between the two that carry the details across.""",
        "fr": r"""## Convolution, convolution transposée, interpolation
Un réseau à convolution (CNN) **diminue** la dimensionnalité de sa représentation couche après couche. Un
générateur doit faire l'inverse : partir d'une petite représentation et l'**augmenter**. Cet onglet montre les
deux directions sur les mêmes nombres.

**Convolution.** Un filtre $w$ de taille $k \times k$ glisse sur l'entrée $x$ avec un pas $s$ (le saut entre
deux positions), sur une entrée entourée de $p$ lignes et colonnes de zéros (rembourrage), ses coefficients
espacés de $d$ cases (dilatation) :
$$y_{i,j} = \sum_{a,b} w_{a,b}\; x_{\,s i + d a - p,\; s j + d b - p}$$
(comme dans toutes les bibliothèques d'apprentissage profond, le filtre n'est pas retourné). Le long de chaque
axe, une entrée de $i$ cases donne
$$o = \left\lfloor \frac{i + 2p - d(k-1) - 1}{s} \right\rfloor + 1 .$$

**Convolution transposée.** Une convolution est linéaire : $y = C\,x$ pour une matrice creuse $C$. L'opération
« dans l'autre sens » est la multiplication par sa transposée, $C^\top y$ : chaque case de l'entrée peint une
copie du filtre, pondérée par sa valeur, sur la sortie, et les copies qui se chevauchent s'additionnent. Le long
de chaque axe
$$o = (i-1)\,s - 2p + d(k-1) + a + 1,$$
où le rembourrage de sortie $a < s$ choisit parmi les tailles que la convolution ramène à $i$.

L'**interpolation** (répétition, bilinéaire) augmente aussi la taille, sans paramètres à apprendre. Un **U-Net**
combine les deux : un encodeur (convolutions) et un décodeur (convolutions transposées ou interpolation), avec des
connexions entre les deux qui transmettent les détails.""",
    },
    # --- 1. numbers
    "conv.tab_numbers": {"en": "1. The numbers", "fr": "1. Les calculs"},
    "conv.numbers_help": {
        "en": "Edit the cells (numbers such as 2, -1, 0.5 or 1/9; add or remove rows and columns), move the sliders, "
              "then walk through the computation with **Step**. Indices start at 0, as in Python; grey cells are the "
              "padding's zeros.",
        "fr": "Modifiez les cases (des nombres comme 2, -1, 0.5 ou 1/9 ; ajoutez ou retirez des lignes et des "
              "colonnes), bougez les curseurs, puis parcourez le calcul avec **Étape**. Les indices commencent à 0, "
              "comme en Python ; les cases grises sont les zéros du rembourrage.",
    },
    "conv.op": {"en": "Operation", "fr": "Opération"},
    "conv.op_conv": {"en": "Convolution", "fr": "Convolution"},
    "conv.op_transpose": {"en": "Transposed convolution", "fr": "Convolution transposée"},
    "conv.lecture_example": {"en": "Back to the lecture's example", "fr": "Revenir à l'exemple du cours"},
    "conv.input_grid": {"en": "Input x (editable)", "fr": "Entrée x (modifiable)"},
    "conv.kernel_grid": {"en": "Kernel w (editable)", "fr": "Filtre w (modifiable)"},
    "conv.stride": {"en": "Stride s", "fr": "Pas s"},
    "conv.padding": {"en": "Padding p", "fr": "Rembourrage p"},
    "conv.dilation": {"en": "Dilation d", "fr": "Dilatation d"},
    "conv.output_padding": {"en": "Output padding a", "fr": "Rembourrage de sortie a"},
    "conv.step": {"en": "Step", "fr": "Étape"},
    "conv.step_info": {
        "en": "The selected cell: an output cell of the convolution, an input cell of the transposed one (reading "
              "order).",
        "fr": "La case choisie : une case de sortie de la convolution, une case d'entrée de la convolution transposée "
              "(ordre de lecture).",
    },
    "conv.grid_input": {"en": "the input x", "fr": "l'entrée x"},
    "conv.grid_kernel": {"en": "the kernel w", "fr": "le filtre w"},
    "conv.grid_image_kernel": {"en": "the kernel", "fr": "le filtre"},
    "conv.grid_small": {"en": "the small input", "fr": "la petite entrée"},
    "conv.title_input": {"en": "Input x", "fr": "Entrée x"},
    "conv.title_input_padded": {"en": "Input x with its padding (grey)", "fr": "Entrée x et son rembourrage (gris)"},
    "conv.title_kernel": {"en": "Kernel w", "fr": "Filtre w"},
    "conv.title_output": {"en": "Output y ({h} × {w})", "fr": "Sortie y ({h} × {w})"},
    "conv.title_canvas": {"en": "Output y ({h} × {w}); hatched: cropped by the padding",
                          "fr": "Sortie y ({h} × {w}) ; hachuré : retiré par le rembourrage"},
    "conv.step_conv": {
        "en": "Step {n} of {total}: output cell y[{i},{j}] is the sum of the highlighted input cells, each multiplied "
              "by the kernel weight lying on it:",
        "fr": "Étape {n} sur {total} : la case de sortie y[{i},{j}] est la somme des cases d'entrée surlignées, "
              "chacune multipliée par le coefficient du filtre posé sur elle :",
    },
    "conv.step_transpose": {
        "en": "Step {n} of {total}: input cell x[{i},{j}] = {v} paints {v} × w on the highlighted output cells; each "
              "output cell is the sum of everything painted on it.",
        "fr": "Étape {n} sur {total} : la case d'entrée x[{i},{j}] = {v} peint {v} × w sur les cases de sortie "
              "surlignées ; chaque case de sortie est la somme de tout ce qui y est peint.",
    },
    "conv.cropped_note": {
        "en": "The padding p = {p} then crops {p} row(s) and column(s) on each side (hatched).",
        "fr": "Le rembourrage p = {p} retire ensuite {p} ligne(s) et colonne(s) de chaque côté (hachuré).",
    },
    "conv.formula_conv": {"en": "**Output size of the convolution**",
                          "fr": "**Taille de la sortie de la convolution**"},
    "conv.formula_transpose": {"en": "**Output size of the transposed convolution**",
                               "fr": "**Taille de la sortie de la convolution transposée**"},
    "conv.size_line": {"en": "{axis}: {math}", "fr": "{axis} : {math}"},
    "conv.axis_height": {"en": "Height", "fr": "Hauteur"},
    "conv.axis_width": {"en": "Width", "fr": "Largeur"},
    "conv.matrix_title": {"en": "The convolution as a matrix product", "fr": "La convolution comme produit matriciel"},
    "conv.matrix_help": {
        "en": "Flatten the input into a vector (row after row): the convolution becomes $y = C\\,x$. Each row of $C$ "
              "is one output cell: the kernel's weights, placed on the input cells that it reads. The transposed "
              "convolution multiplies by $C^\\top$. Red: positive, blue: negative, white: zero.",
        "fr": "Aplatissons l'entrée en un vecteur (ligne après ligne) : la convolution devient $y = C\\,x$. Chaque "
              "ligne de $C$ est une case de sortie : les coefficients du filtre, placés sur les cases d'entrée qu'elle "
              "lit. La convolution transposée multiplie par $C^\\top$. Rouge : positif, bleu : négatif, blanc : zéro.",
    },
    "conv.matrix_c": {"en": "Matrix C", "fr": "Matrice C"},
    "conv.matrix_ct": {"en": "Its transpose Cᵀ", "fr": "Sa transposée Cᵀ"},
    "conv.matrix_shapes_conv": {
        "en": "**y = C x**: $C$ is **{rows} × {cols}** ({rows} output cells, {cols} input cells); $C^\\top$ is "
              "**{cols} × {rows}**. {zeros}% of $C$ is zero. Outlined: the row of output cell y{cell} in $C$, the "
              "same numbers as a column of $C^\\top$.",
        "fr": "**y = C x** : $C$ est **{rows} × {cols}** ({rows} cases de sortie, {cols} cases d'entrée) ; $C^\\top$ "
              "est **{cols} × {rows}**. {zeros} % de $C$ vaut zéro. Encadré : la ligne de la case de sortie y{cell} "
              "dans $C$, les mêmes nombres qu'une colonne de $C^\\top$.",
    },
    "conv.matrix_shapes_transpose": {
        "en": "**y = Cᵀ x**: the transposed convolution from {xh} × {xw} to {yh} × {yw} multiplies by the transpose "
              "of the convolution $C$ from {yh} × {yw} to {xh} × {xw} (same kernel, stride, padding, dilation). $C$ "
              "is **{rows} × {cols}**, $C^\\top$ is **{cols} × {rows}**; {zeros}% of $C$ is zero. Outlined: input "
              "cell x{cell}; its column of $C^\\top$ lists the output cells it paints.",
        "fr": "**y = Cᵀ x** : la convolution transposée de {xh} × {xw} vers {yh} × {yw} multiplie par la transposée "
              "de la convolution $C$ de {yh} × {yw} vers {xh} × {xw} (même filtre, pas, rembourrage, dilatation). "
              "$C$ est **{rows} × {cols}**, $C^\\top$ est **{cols} × {rows}** ; {zeros} % de $C$ vaut zéro. "
              "Encadré : la case d'entrée x{cell} ; sa colonne de $C^\\top$ donne les cases de sortie qu'elle peint.",
    },
    # --- errors on numbers
    "conv.err_grid_empty": {"en": "The grid of {grid} is empty: give it at least one row and one column.",
                            "fr": "La grille de {grid} est vide : donnez-lui au moins une ligne et une colonne."},
    "conv.err_grid_ragged": {"en": "The rows of {grid} do not all have the same length.",
                             "fr": "Les lignes de {grid} n'ont pas toutes la même longueur."},
    "conv.err_grid_size": {"en": "The grid of {grid} has {h} × {w} cells; at most {limit} × {limit} here.",
                           "fr": "La grille de {grid} a {h} × {w} cases ; au plus {limit} × {limit} ici."},
    "conv.err_cell_empty": {
        "en": "In {grid}, the cell at row {row}, column {col} is empty. Write a number, for example 2, -1, 0.5 or 1/9.",
        "fr": "Dans {grid}, la case de la ligne {row}, colonne {col} est vide. Écrivez un nombre, par exemple 2, -1, "
              "0.5 ou 1/9.",
    },
    "conv.err_cell_nan": {
        "en": "In {grid}, “{value}” (row {row}, column {col}) is not a number. Write a number, for example 2, -1, 0.5 "
              "or 1/9.",
        "fr": "Dans {grid}, « {value} » (ligne {row}, colonne {col}) n'est pas un nombre. Écrivez un nombre, par "
              "exemple 2, -1, 0.5 ou 1/9.",
    },
    "conv.err_input": {"en": "The input must have at least one cell.", "fr": "L'entrée doit avoir au moins une case."},
    "conv.err_kernel": {"en": "The kernel must have at least one cell.",
                        "fr": "Le filtre doit avoir au moins une case."},
    "conv.err_stride": {"en": "The stride must be at least 1 (got {s}).",
                        "fr": "Le pas doit valoir au moins 1 (reçu : {s})."},
    "conv.err_dilation": {"en": "The dilation must be at least 1 (got {d}).",
                          "fr": "La dilatation doit valoir au moins 1 (reçu : {d})."},
    "conv.err_padding": {"en": "The padding cannot be negative (got {p}).",
                         "fr": "Le rembourrage ne peut pas être négatif (reçu : {p})."},
    "conv.err_channels": {"en": "The input has {c} channels but the kernel expects {c_w}.",
                          "fr": "L'entrée a {c} canaux mais le filtre en attend {c_w}."},
    "conv.err_kernel_too_large": {
        "en": "Along the {axis}, the kernel spread by the dilation covers d(k−1)+1 = {span} cells, but the padded "
              "input has only i+2p = {padded}: the kernel does not fit anywhere. Add padding, or reduce the kernel "
              "or the dilation.",
        "fr": "En {axis}, le filtre étalé par la dilatation couvre d(k−1)+1 = {span} cases, mais l'entrée rembourrée "
              "n'en a que i+2p = {padded} : le filtre ne tient nulle part. Ajoutez du rembourrage, ou réduisez le "
              "filtre ou la dilatation.",
    },
    "conv.err_stride_past_input": {
        "en": "The stride s = {s} is larger than the padded input along the {axis} (i+2p = {padded}): the kernel would "
              "be placed only once and the rest of the input ignored. Choose a stride of at most {padded}.",
        "fr": "Le pas s = {s} dépasse l'entrée rembourrée en {axis} (i+2p = {padded}) : le filtre ne serait placé "
              "qu'une fois et le reste de l'entrée serait ignoré. Choisissez un pas d'au plus {padded}.",
    },
    "conv.err_output_padding": {
        "en": "The output padding a = {a} must be smaller than the stride s = {s} (or than the dilation d = {d}): it "
              "only chooses among the output sizes that the convolution would bring back to the same input size.",
        "fr": "Le rembourrage de sortie a = {a} doit être plus petit que le pas s = {s} (ou que la dilatation "
              "d = {d}) : il ne fait que choisir parmi les tailles de sortie que la convolution ramènerait à la même "
              "taille d'entrée.",
    },
    "conv.err_padding_too_large": {
        "en": "Along the {axis}, the padding p = {p} would crop 2p cells from a result of only {full}: nothing would "
              "remain. Reduce the padding.",
        "fr": "En {axis}, le rembourrage p = {p} retirerait 2p cases d'un résultat qui n'en a que {full} : il ne "
              "resterait rien. Réduisez le rembourrage.",
    },
    # --- 2. image
    "conv.tab_image": {"en": "2. On an image", "fr": "2. Sur une image"},
    "conv.image_help": {
        "en": "The same kernel is applied to each colour channel. Pick a kernel, edit it, change the stride (the "
              "output shrinks) and the padding (the borders). Your image stays on the server only while it is used.",
        "fr": "Le même filtre est appliqué à chaque canal de couleur. Choisissez un filtre, modifiez-le, changez le "
              "pas (la sortie rapetisse) et le rembourrage (les bords). Votre image ne reste sur le serveur que le "
              "temps de son usage.",
    },
    "conv.upload": {"en": "Your image (PNG, JPEG, WebP ...)", "fr": "Votre image (PNG, JPEG, WebP ...)"},
    "conv.example": {"en": "Example image", "fr": "Image d'exemple"},
    "conv.example_info": {"en": "Used when no image is uploaded.",
                          "fr": "Utilisée quand aucune image n'est téléversée."},
    "conv.example_shapes": {"en": "Shapes", "fr": "Formes"},
    "conv.example_rings": {"en": "Rings (zone plate)", "fr": "Anneaux (réseau zoné)"},
    "conv.preset": {"en": "Kernel", "fr": "Filtre"},
    "conv.preset_identity": {"en": "Identity", "fr": "Identité"},
    "conv.preset_box_blur": {"en": "Box blur", "fr": "Flou moyen"},
    "conv.preset_gaussian_blur": {"en": "Gaussian blur", "fr": "Flou gaussien"},
    "conv.preset_sharpen": {"en": "Sharpen", "fr": "Netteté"},
    "conv.preset_sobel_x": {"en": "Sobel x (vertical edges)", "fr": "Sobel x (bords verticaux)"},
    "conv.preset_sobel_y": {"en": "Sobel y (horizontal edges)", "fr": "Sobel y (bords horizontaux)"},
    "conv.preset_laplacian": {"en": "Laplacian", "fr": "Laplacien"},
    "conv.preset_emboss": {"en": "Emboss", "fr": "Relief"},
    "conv.image_in": {"en": "Input", "fr": "Entrée"},
    "conv.image_out": {"en": "Output", "fr": "Sortie"},
    "conv.image_caption": {
        "en": "Input **{h} × {w}** ({c} channel(s)) → output **{oh} × {ow}** (stride {s}, padding {p}).",
        "fr": "Entrée **{h} × {w}** ({c} canal(aux)) → sortie **{oh} × {ow}** (pas {s}, rembourrage {p}).",
    },
    "conv.image_rescaled": {
        "en": "The output ranges from {low} to {high}: it is shown rescaled (black: lowest, white: highest; with an "
              "edge kernel, mid-grey is about 0).",
        "fr": "La sortie va de {low} à {high} : elle est affichée remise à l'échelle (noir : minimum, blanc : "
              "maximum ; avec un filtre de bords, le gris moyen vaut environ 0).",
    },
    "conv.image_enlarged": {"en": "The output is shown enlarged {scale} times, each pixel as a block.",
                            "fr": "La sortie est affichée agrandie {scale} fois, chaque pixel en bloc."},
    "conv.bg_white": {"en": "white", "fr": "blanc"},
    "conv.bg_black": {"en": "black", "fr": "noir"},
    "conv.note_downscaled": {
        "en": "Your image ({width} × {height}) was downscaled to {new_width} × {new_height} so that every interaction "
              "stays fast.",
        "fr": "Votre image ({width} × {height}) a été réduite à {new_width} × {new_height} pour que chaque interaction "
              "reste rapide.",
    },
    "conv.note_alpha": {"en": "The image has transparent pixels: they were laid on a {background} background.",
                        "fr": "L'image a des pixels transparents : ils ont été posés sur un fond {background}."},
    "conv.note_cmyk": {"en": "CMYK image (print colours) converted to RGB: the colours may differ slightly.",
                       "fr": "Image CMJN (couleurs d'impression) convertie en RVB : les couleurs peuvent légèrement "
                             "différer."},
    "conv.note_rescaled": {"en": "Unusual pixel values (from {low} to {high}) were rescaled to [0, 1].",
                           "fr": "Des valeurs de pixels inhabituelles (de {low} à {high}) ont été ramenées à [0, 1]."},
    "conv.err_image_missing": {"en": "No image was given.", "fr": "Aucune image n'a été fournie."},
    "conv.err_image_not_image": {
        "en": "“{name}” is not an image that can be read. Use a PNG, JPEG, WebP, GIF, BMP or TIFF file.",
        "fr": "« {name} » n'est pas une image lisible. Utilisez un fichier PNG, JPEG, WebP, GIF, BMP ou TIFF.",
    },
    "conv.err_image_too_large": {
        "en": "This image declares {megapixels} megapixels, more than the {limit} allowed. It was refused before "
              "decoding: a small file can expand to gigabytes in memory (a “decompression bomb”). Use a smaller image.",
        "fr": "Cette image déclare {megapixels} mégapixels, plus que les {limit} permis. Elle a été refusée avant "
              "d'être décodée : un petit fichier peut occuper des gigaoctets une fois décompressé (une « bombe de "
              "décompression »). Utilisez une image plus petite.",
    },
    "conv.err_image_empty": {"en": "The image has no pixels ({width} × {height}).",
                             "fr": "L'image n'a aucun pixel ({width} × {height})."},
    "conv.err_image_corrupt": {"en": "The image could not be decoded (damaged or incomplete file): {detail}",
                               "fr": "L'image n'a pas pu être décodée (fichier abîmé ou incomplet) : {detail}"},
    "conv.err_image_unsupported": {
        "en": "Images in mode {mode} are not supported: save it as an ordinary PNG or JPEG.",
        "fr": "Le mode d'image {mode} n'est pas pris en charge : enregistrez-la en PNG ou JPEG ordinaire.",
    },
    "conv.filters_title": {"en": "The first layer of our classifier", "fr": "La première couche de notre classifieur"},
    "conv.filters_help": {
        "en": "The kernels of a CNN are not chosen by hand: they are learned. Here are the 16 filters of the first "
              "layer of our digit classifier (trained on MNIST), and what each of them extracts from the image above.",
        "fr": "Les filtres d'un CNN ne sont pas choisis à la main : ils sont appris. Voici les 16 filtres de la "
              "première couche de notre classifieur de chiffres (entraîné sur MNIST), et ce que chacun extrait de "
              "l'image ci-dessus.",
    },
    "conv.filters_img": {"en": "Filters (red: positive, blue: negative)",
                         "fr": "Filtres (rouge : positif, bleu : négatif)"},
    "conv.maps_img": {"en": "Feature maps", "fr": "Cartes de caractéristiques"},
    "conv.filters_missing": {
        "en": "The classifier classifier-mnist is not trained yet (it may be training right now; otherwise run "
              "`{command}`). Its filters will appear here once `checkpoints/classifier-mnist` exists.",
        "fr": "Le classifieur classifier-mnist n'est pas encore entraîné (il l'est peut-être en ce moment ; sinon "
              "lancez `{command}`). Ses filtres apparaîtront ici dès que `checkpoints/classifier-mnist` existera.",
    },
    "conv.filters_caption": {
        "en": "{n} filters of {k} × {k}, learned on MNIST, applied by our `conv2d` to the image in grayscale "
              "({h} × {w}). Each map is one filter's response, rescaled on its own (white: strong).",
        "fr": "{n} filtres de {k} × {k}, appris sur MNIST, appliqués par notre `conv2d` à l'image en niveaux de gris "
              "({h} × {w}). Chaque carte est la réponse d'un filtre, remise à l'échelle séparément (blanc : forte).",
    },
    # --- 3. upsampling
    "conv.tab_upsample": {"en": "3. Increasing the size", "fr": "3. Augmenter la taille"},
    "conv.upsample_help": {
        "en": "Three ways to multiply the size by $s$: **repetition** (each cell copied $s \\times s$ times) and "
              "**bilinear interpolation** have no parameters; the **transposed convolution** has a kernel, learned in "
              "a network (here fixed, to see its structure). When the kernel size $k$ is not divisible by the stride "
              "$s$, the copies of the kernel overlap unevenly: a checkerboard appears (Odena, Dumoulin & Olah, 2016).",
        "fr": "Trois façons de multiplier la taille par $s$ : la **répétition** (chaque case copiée $s \\times s$ "
              "fois) et l'**interpolation bilinéaire** n'ont pas de paramètres ; la **convolution transposée** a un "
              "filtre, appris dans un réseau (ici fixé, pour voir sa structure). Quand la taille du filtre $k$ n'est "
              "pas divisible par le pas $s$, les copies du filtre se chevauchent inégalement : un damier apparaît "
              "(Odena, Dumoulin et Olah, 2016).",
    },
    "conv.small_grid": {"en": "Small input (editable)", "fr": "Petite entrée (modifiable)"},
    "conv.factor": {"en": "Scale factor s (the stride of the transposed convolution)",
                    "fr": "Facteur s (le pas de la convolution transposée)"},
    "conv.t_kernel": {"en": "Kernel size k of the transposed convolution",
                      "fr": "Taille k du filtre de la convolution transposée"},
    "conv.t_kind": {"en": "Kernel of the transposed convolution", "fr": "Filtre de la convolution transposée"},
    "conv.kind_box": {"en": "Box (all ones)", "fr": "Boîte (que des 1)"},
    "conv.kind_bilinear": {"en": "Bilinear (tent)", "fr": "Bilinéaire (tente)"},
    "conv.align": {"en": "align_corners (bilinear interpolation)", "fr": "align_corners (interpolation bilinéaire)"},
    "conv.title_small": {"en": "Input", "fr": "Entrée"},
    "conv.title_repeat": {"en": "Repetition", "fr": "Répétition"},
    "conv.title_bilinear": {"en": "Bilinear interpolation", "fr": "Interpolation bilinéaire"},
    "conv.title_transposed": {"en": "Transposed convolution (k = {k}, s = {s})",
                              "fr": "Convolution transposée (k = {k}, s = {s})"},
    "conv.title_counts": {"en": "Kernel copies received by each cell", "fr": "Copies du filtre reçues par chaque case"},
    "conv.checker_yes": {
        "en": "**Checkerboard.** k = {k} is not divisible by s = {s}: away from the borders, output cells receive "
              "either {low} or {high} copies of the kernel (highlighted: {high}), so even a constant input comes out "
              "as a checkerboard.",
        "fr": "**Damier.** k = {k} n'est pas divisible par s = {s} : loin des bords, les cases de sortie reçoivent "
              "soit {low}, soit {high} copies du filtre (surlignées : {high}), donc même une entrée constante ressort "
              "en damier.",
    },
    "conv.checker_no": {
        "en": "**No checkerboard from the overlap.** k = {k} is divisible by s = {s}: away from the borders, every "
              "output cell receives {high} copies of the kernel. (A learned kernel can still create one.)",
        "fr": "**Pas de damier dû au chevauchement.** k = {k} est divisible par s = {s} : loin des bords, chaque case "
              "de sortie reçoit {high} copie(s) du filtre. (Un filtre appris peut quand même en créer un.)",
    },
    "conv.checker_holes": {
        "en": "**Holes.** k = {k} is smaller than s = {s}: some output cells receive no copy of the kernel at all and "
              "stay at zero.",
        "fr": "**Des trous.** k = {k} est plus petit que s = {s} : certaines cases de sortie ne reçoivent aucune copie "
              "du filtre et restent à zéro.",
    },
    "conv.transposed_gain": {
        "en": "The transposed convolution's result is divided by its mean gain Σw / s² = {gain}, so that brightness is "
              "comparable; its padding is chosen so that the output is exactly s = {s} times larger.",
        "fr": "Le résultat de la convolution transposée est divisé par son gain moyen Σw / s² = {gain}, pour que la "
              "luminosité soit comparable ; son rembourrage est choisi pour que la sortie soit exactement s = {s} fois "
              "plus grande.",
    },
    "conv.up_input": {"en": "Input (reduced)", "fr": "Entrée (réduite)"},
    "conv.up_repeat": {"en": "Repetition", "fr": "Répétition"},
    "conv.up_bilinear": {"en": "Bilinear interpolation", "fr": "Interpolation bilinéaire"},
    "conv.up_transposed": {"en": "Transposed convolution", "fr": "Convolution transposée"},
    # --- 4. from CNN to U-Net
    "conv.tab_unet": {"en": "4. From CNN to U-Net", "fr": "4. Du CNN au U-Net"},
    "conv.unet_help": {
        "en": "The shapes below are measured by running our real networks once on a 28 × 28 image (forward hooks on "
              "every layer), not typed by hand. The classifier's image side goes down (28 → 14 → 7) until a linear "
              "layer reads the class. The U-Net goes down (encoder), through a bottleneck, then back up (decoder); "
              "its connections concatenate encoder outputs to the decoder's inputs.",
        "fr": "Les formes ci-dessous sont mesurées en faisant passer une image 28 × 28 dans nos vrais réseaux (des "
              "crochets sur chaque couche), pas tapées à la main. Le côté de l'image du classifieur diminue "
              "(28 → 14 → 7) jusqu'à ce qu'une couche linéaire lise la classe. Le U-Net descend (encodeur), passe par "
              "un goulot, puis remonte (décodeur) ; ses connexions concatènent des sorties de l'encodeur aux entrées "
              "du décodeur.",
    },
    "conv.refresh": {"en": "Measure again", "fr": "Mesurer à nouveau"},
    "conv.shapes_classifier": {"en": "Our classifier (genkit.metrics.Classifier): 1 × 28 × 28 → 10 classes",
                               "fr": "Notre classifieur (genkit.metrics.Classifier) : 1 × 28 × 28 → 10 classes"},
    "conv.shapes_unet": {
        "en": "Our diffusion U-Net (genkit.unet.UNet, default configuration): noisy image x_t (1 × 28 × 28) and "
              "timestep t",
        "fr": "Notre U-Net de diffusion (genkit.unet.UNet, configuration par défaut) : image bruitée x_t (1 × 28 × 28) "
              "et étape t",
    },
    "conv.trained_note": {"en": "Classifier: the trained checkpoint.", "fr": "Classifieur : le modèle entraîné."},
    "conv.untrained_note": {
        "en": "Classifier: an untrained instance (the checkpoint is not available yet); the shapes do not depend on "
              "the weights.",
        "fr": "Classifieur : une instance non entraînée (le modèle n'est pas encore disponible) ; les formes ne "
              "dépendent pas des poids.",
    },
    "conv.col_layer": {"en": "Layer", "fr": "Couche"},
    "conv.col_type": {"en": "Type", "fr": "Type"},
    "conv.col_in": {"en": "Input", "fr": "Entrée"},
    "conv.col_out": {"en": "Output", "fr": "Sortie"},
    "conv.col_size": {"en": "Image side", "fr": "Côté de l'image"},
    "conv.col_values": {"en": "Values", "fr": "Valeurs"},
    "conv.col_path": {"en": "Path", "fr": "Chemin"},
    "conv.phase_down": {"en": "down (encoder)", "fr": "descente (encodeur)"},
    "conv.phase_bottleneck": {"en": "bottleneck", "fr": "goulot"},
    "conv.phase_up": {"en": "up (decoder)", "fr": "remontée (décodeur)"},
    "conv.phase_other": {"en": "vector", "fr": "vecteur"},
    "conv.skip_from": {"en": "⊕ concatenated with the output of {source} ({shape}): connection from the encoder",
                       "fr": "⊕ concaténé avec la sortie de {source} ({shape}) : connexion depuis l'encodeur"},
    "conv.skip_to": {"en": "kept for {target} (connection)", "fr": "gardé pour {target} (connexion)"},
}
