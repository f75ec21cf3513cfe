"""One router per resource; each handler a few lines: its signature says who may call it and with what."""
