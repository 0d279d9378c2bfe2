"""Pictures of each tab, without gradio: tensors in, PIL images, HTML strings or tables out.

One module per tab (``views/conv.py`` draws the Convolution tab's grids and matrices,
``views/diffusion.py`` the schedules and filmstrips ...), plus ``views/inputs.py`` for
the shared inputs. A view computes with the library (genkit/*.py) and draws; it never
translates: words come in as arguments, already in the user's language. The tab modules
in genkit/ui call these functions and hand the results to gradio.
"""
