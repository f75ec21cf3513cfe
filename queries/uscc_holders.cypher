// uscc_holders — the organisations that hold some unified social credit codes (one legal entity, one node).
// parameters: $codes (list of credit codes)
// columns:    uscc, id — ordered by uscc, id.
UNWIND $codes AS code
MATCH (o:Organisation {uscc: code})
RETURN o.uscc AS uscc, o.id AS id
ORDER BY uscc, id
