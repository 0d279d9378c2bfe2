"""genkit: the classroom app. ``python app.py`` serves every tab on http://127.0.0.1:7860.

GRADIO_SERVER_NAME=0.0.0.0 opens it to the classroom's network; GENKIT_DEVICE
picks the device (the GPU when there is one), GENKIT_THREADS the torch threads
per request. Everything else is in genkit/ui.
"""

from PIL import Image

from genkit.device import bound_kernel_cache, return_freed_memory, set_threads
from genkit.ui import build_app, configure_queue, launch_options

Image.MAX_IMAGE_PIXELS = 40_000_000  # refuse decompression bombs long before they fill the memory
set_threads()  # one torch thread per request (GENKIT_THREADS): the requests of a class share the cores
bound_kernel_cache()  # before any convolution runs: at most 64 compiled kernels, not 1,024

demo = configure_queue(build_app())

if __name__ == "__main__":
    return_freed_memory()  # freed tensors go back to the system every few seconds (GENKIT_TRIM_S)
    demo.launch(**launch_options())
