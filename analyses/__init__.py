"""What we compute from the library's answers: pure analyses, each shaped fetch → compute → one result model.

`fetch` reads the store through the query library (`queries`), `compute` is a pure function of the
rows it fetched, and the public function of each module composes the two. Lists come as `Page[T]`
(`items`, with `total`, `limit`, `offset`). A caller that sees part of the graph passes a
`Visibility`, applied before anything is counted, ranked or paged.
"""
