"""Qt-free flows both front ends run: a live call, transcribing into the library, opening it."""
