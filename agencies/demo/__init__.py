"""The demo mall: a Kota Probolinggo-like MPP (22 agencies, ~150 services).

The catalog is data, in `catalog/local.json` (perangkat daerah) and
`catalog/others.json` (vertical agencies, BUMN, BUMD, private); `common.py` reads it
and builds the repetitive parts.
"""
