"""Speech recognition: local Whisper models via faster-whisper (CTranslate2)."""
