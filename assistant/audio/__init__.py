"""Audio in: decoding files, voice activity, and (later) live capture."""
