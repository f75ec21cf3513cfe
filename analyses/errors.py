"""An analysis asked about something the graph does not hold."""


class NotFoundError(LookupError):
    """An analysis was asked about an id (chain, region, node) that the graph does not hold."""
