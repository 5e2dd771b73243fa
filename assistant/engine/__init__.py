"""The listening engine: stages from audio blocks to utterances and events."""
