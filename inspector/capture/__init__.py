"""Camera sources, the burned-in overlay, the H.264 encoder and the recording pipeline."""
