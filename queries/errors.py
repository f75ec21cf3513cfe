"""What goes wrong when asking the library: an unknown query, or parameters it cannot take."""


class UnknownQueryError(LookupError):
    """A query name that is not in the library."""


class ParameterError(ValueError):
    """A parameter the query or analysis does not take, one it lacks, or a value outside its domain."""
